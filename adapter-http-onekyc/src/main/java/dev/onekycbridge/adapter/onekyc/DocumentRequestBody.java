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
 * different number of bytes fails the upload rather than sending something else than was inspected.
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
        try (InputStream in = source.open()) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (written + read > contentLength) {
                    throw new IOException("the document is longer than its inspected size");
                }
                sink.write(chunk, 0, read);
                written += read;
            }
        }
        if (written != contentLength) {
            throw new IOException("the document is shorter than its inspected size");
        }
    }
}
