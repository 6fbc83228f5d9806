package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's timeouts reach the running service from its settings. Each is far shorter here than the other
 * bounds the server applies (its defaults, and the socket's patience below).
 */
class HttpTimeoutSettingsTest {
    @Test
    void aKeptAliveConnectionWithNoFurtherRequestIsClosedAfterTheConfiguredIdleTimeout() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_IDLE_TIMEOUT", "PT0.3S"))) {
            assertThat(sentUntilClosed(bridge, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRequestWhoseHeadersDoNotArriveInTheConfiguredRequestTimeoutIsClosed() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_HTTP_REQUEST_TIMEOUT", "PT0.3S"))) {
            assertThat(sentUntilClosed(bridge, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")).isEmpty();
        }
    }

    /**
     * Writes the text and returns what the server sends until it closes the connection; a server that keeps it open
     * makes the read time out (after far longer than the timeouts configured here), which fails the test.
     */
    private static String sentUntilClosed(BridgeHarness bridge, String text) throws IOException {
        URI base = URI.create(bridge.base());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // Closed: what arrived before is the answer.
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
