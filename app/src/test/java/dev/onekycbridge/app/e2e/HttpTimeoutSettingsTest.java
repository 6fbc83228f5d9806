package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP server's timeouts reach the running service from its settings. */
class HttpTimeoutSettingsTest {
    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheConfiguredIdleTimeout() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_IDLE_TIMEOUT", "PT0.3S"))) {
            assertThat(closedWithoutAnswer(bridge, "")).isTrue();
        }
    }

    @Test
    void aRequestWhoseHeadersDoNotArriveInTheConfiguredRequestTimeoutIsClosed() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_REQUEST_TIMEOUT", "PT0.3S"))) {
            assertThat(closedWithoutAnswer(bridge, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")).isTrue();
        }
    }

    /**
     * Writes the text and waits for the server to close the connection; a server that keeps it open makes the read
     * time out (after far longer than the timeouts configured here), which fails the test.
     */
    private static boolean closedWithoutAnswer(BridgeHarness bridge, String text) throws IOException {
        URI base = URI.create(bridge.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            try {
                return in.read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }
    }
}
