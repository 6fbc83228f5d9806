package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.document.DocumentSource;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A document streamed from its source: opened anew on every write, so that a retry sends it again from the
 * start, and never held in memory as a whole. The declared length is the inspected size; a source that yields a
 * different number of bytes fails the upload rather than sending something else than was inspected. A failure
 * of the source is an {@link UnreadableSourceException}.
 */
final class DocumentRequestBody extends RequestBody {
    private static final int CHUNK = 64 * 1024;

    private final MediaType contentType;
    private final long contentLength;
    private final DocumentSource source;

    DocumentRequestBody(MediaType contentType, long contentLength, DocumentSource source) {
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.source = source;
    }

    @Override
    public MediaType contentType() {
        return contentType;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long written = 0;
        try (InputStream in = open()) {
            int read;
            while ((read = read(in, chunk)) != -1) {
                if (written + read > contentLength) {
                    throw new UnreadableSourceException("the document is longer than its inspected size", null);
                }
                sink.write(chunk, 0, read);
                written += read;
            }
        }
        if (written != contentLength) {
            throw new UnreadableSourceException("the document is shorter than its inspected size", null);
        }
    }

    private InputStream open() throws UnreadableSourceException {
        try {
            return source.open();
        } catch (IOException e) {
            throw new UnreadableSourceException("the document could not be opened", e);
        }
    }

    private static int read(InputStream in, byte[] chunk) throws UnreadableSourceException {
        try {
            return in.read(chunk);
        } catch (IOException e) {
            throw new UnreadableSourceException("the document could not be read", e);
        }
    }

    /**
     * The source, not the connection, failed: an {@code IOException} still (so that OkHttp gives up the exchange
     * and its connection as for any failed write), but one that the client does not take for a network failure.
     */
    static final class UnreadableSourceException extends IOException {
        UnreadableSourceException(String message, IOException cause) {
            super(message, cause);
        }
    }
}
