package dev.onekycbridge.app.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests one after another on a kept-alive connection, as the platform's HTTP client sends its callbacks,
 * written byte for byte; each answer is read by its length. A connection the server closes (after a refusal whose
 * body it did not read) is replaced for the next request. A request on a reused connection that gets no byte back is
 * sent once more on a new one, as HTTP clients do, since the server may have closed it as idle just then; a new
 * connection closed without an answer is a failure of the request.
 */
final class KeptAliveConnection implements AutoCloseable {
    private final int port;
    private Socket socket;
    private InputStream in;

    KeptAliveConnection(int port) {
        this.port = port;
    }

    /** What a request got back; status -1 when the connection closed without an answer. */
    record Answer(int status, String contentType, String body) {
    }

    Answer send(String method, String path, String contentType, byte[] body, List<String> headers) {
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nContent-Length: ").append(body.length)
                .append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        headers.forEach(header -> head.append(header).append("\r\n"));
        byte[] request = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        boolean reused = socket != null;
        try {
            return exchange(request, body);
        } catch (EOFException silent) {
            close();
            if (!reused) {
                return new Answer(-1, null, "no answer: the connection closed");
            }
        } catch (IOException e) {
            close();
            return new Answer(-1, null, "no answer: " + e);
        }
        try {
            return exchange(request, body);
        } catch (IOException e) {
            close();
            return new Answer(-1, null, "no answer on a new connection either: " + e);
        }
    }

    /** @throws EOFException when the connection closed before the first byte of an answer */
    private Answer exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 65_536);
        }
        OutputStream out = socket.getOutputStream();
        try {
            out.write(head);
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The server may answer (413) and close before it has read all of a large body: read the answer.
        }
        String statusLine = line(true);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String contentType = null;
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String line = line(false); !line.isEmpty(); line = line(false)) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).strip();
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closing = value.equalsIgnoreCase("close");
            }
        }
        byte[] content = chunked ? chunks() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (length >= 0 && content.length < length) {
            throw new IOException("the answer broke off after " + content.length + " of " + length + " bytes");
        }
        if (closing || (!chunked && length < 0)) {
            close();
        }
        return new Answer(status, contentType, new String(content, StandardCharsets.UTF_8));
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(false).split(";")[0].strip(), 16); size > 0;
             size = Integer.parseInt(line(false).split(";")[0].strip(), 16)) {
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("the answer broke off");
            }
            out.write(chunk);
            line(false);
        }
        for (String trailer = line(false); !trailer.isEmpty(); trailer = line(false)) {
            // trailers are not looked at
        }
        return out.toByteArray();
    }

    /**
     * A line of the head without its CRLF; the connection closing before the first byte of the answer
     * ({@code first}) is an {@link EOFException}.
     */
    private String line(boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw first && line.size() == 0 ? new EOFException() : new IOException("the answer broke off");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 65_536) {
                throw new IOException("a line of the answer's head over 64 KiB");
            }
            line.write(b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
