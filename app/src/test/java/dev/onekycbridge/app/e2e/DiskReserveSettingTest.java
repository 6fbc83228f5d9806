package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BRIDGE_DISK_RESERVE reaches the running service: with more kept free than any disk has, a new registration is
 * refused, while one taken before goes on to its result: its steps, callbacks and polls are still written.
 */
class DiskReserveSettingTest {
    /** More than any disk holds, within a long's bytes. */
    private static final String RESERVE_NO_DISK_HAS = "1000000TiB";

    @Test
    void aRegistrationIsRefusedWhileOneTakenBeforeStillReachesItsResult() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of("BRIDGE_DISK_RESERVE", "0"))) {
            String taken = bridge.registered("reserve-before");

            bridge.stopService();
            bridge.settings.put("BRIDGE_DISK_RESERVE", RESERVE_NO_DISK_HAS);
            bridge.startService();

            assertThat(bridge.sentUntilClosed("POST /v1/certificate-registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Expect: 100-continue\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 50000\r\n\r\n")).startsWith("HTTP/1.1 503").contains("disk space");
            assertThat(bridge.awaitFinal(taken).getString("status")).isEqualTo("COMPLETED");
            assertThat(bridge.get("/metrics").body()).contains("onekyc_bridge_http_disk_reserve_refusals_total 1");
        }
    }
}
