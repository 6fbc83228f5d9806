package dev.onekycbridge.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformErrorTest {
    @Test
    void constantsAndCodesAreKeptAsSentWithoutTheirSpaces() {
        assertThat(new PlatformError(" OKYC-7777 ", " SUBMISSION_STATE_CONFLICT ", "ESIGN_ADAPTER"))
                .isEqualTo(new PlatformError("OKYC-7777", "SUBMISSION_STATE_CONFLICT", "ESIGN_ADAPTER"));
        assertThat(new PlatformError("900", "Unknown error processing the request", null).cause())
                .isEqualTo("Unknown error processing the request");
        assertThat(new PlatformError(" ", "", null)).isEqualTo(new PlatformError(null, null, null));
    }

    /** A client of the embedding team's own may hand the platform's text on as it came. */
    @Test
    void freeTextAndConstantsBuiltAroundADigitRunAreWithheldWhicheverClientBuiltTheError() {
        PlatformError error = new PlatformError(TestData.NIK, "NIK " + TestData.NIK + " of " + TestData.NAME
                + " is not valid", TestData.NAME);
        PlatformError constant = new PlatformError("1539", "NIK_" + TestData.NIK + "_IS_INVALID", null);

        assertThat(error).isEqualTo(new PlatformError(PlatformError.WITHHELD, PlatformError.WITHHELD,
                PlatformError.WITHHELD));
        assertThat(constant.cause()).isEqualTo(PlatformError.WITHHELD);
        assertThat(new PlatformRejectedException(400, List.of(error, constant)).getMessage())
                .doesNotContain(TestData.NIK).doesNotContain(TestData.NAME);
    }
}
