package dev.onekycbridge.adapter.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Reading the server's side of an exchange made over a raw socket, for tests that write requests byte by byte. */
final class RawHttp {
    private RawHttp() {
    }

    /** The status line and headers, up to the blank line. */
    static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    /** One line of the head, without its line end. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    /**
     * Everything the server sends until it closes the connection (a reset counts as a close). A server that does
     * not close makes the read time out, which fails the test.
     */
    static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // Closed with bytes of ours still unread on its side.
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
