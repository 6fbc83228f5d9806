package dev.onekycbridge.adapter.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** An exchange over a raw socket, for tests that write requests byte by byte and read the server's side. */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends the head of a POST that waits for {@code 100 Continue} before its body. */
    static void askToSend(Socket socket, String path, String contentType, long length) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nExpect: 100-continue\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
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
