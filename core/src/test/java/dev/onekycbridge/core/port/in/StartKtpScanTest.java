package dev.onekycbridge.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.testing.TestData;
import org.junit.jupiter.api.Test;

class StartKtpScanTest {
    @Test
    void toStringNeverShowsTheIdempotencyKey() {
        StartKtpScan command = new StartKtpScan("u-1", TestData.PARTNER_USER_ID_TYPE,
                DocumentSource.ofBytes(TestData.jpeg(4096)), "idem-4f1c9a77");

        assertThat(command.toString()).doesNotContain("idem-4f1c9a77");
    }
}
