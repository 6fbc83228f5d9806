package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's timeouts reach the running service from its settings. Each is far shorter here than the other
 * bounds the server applies (its defaults, and the test socket's patience of 15 s).
 */
class HttpTimeoutSettingsTest {
    @Test
    void aKeptAliveConnectionWithNoFurtherRequestIsClosedAfterTheConfiguredIdleTimeout() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_IDLE_TIMEOUT", "PT0.3S"))) {
            assertThat(bridge.sentUntilClosed("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRequestWhoseHeadersDoNotArriveInTheConfiguredRequestTimeoutIsClosed() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_REQUEST_TIMEOUT", "PT0.3S"))) {
            assertThat(bridge.sentUntilClosed("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")).isEmpty();
        }
    }
}
