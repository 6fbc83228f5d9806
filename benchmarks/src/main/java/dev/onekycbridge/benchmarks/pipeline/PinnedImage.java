package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.core.document.DocumentSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An image of a registration the relay has answered but not yet forwarded. The web adapter deletes the uploaded
 * file when the response ends; opening it before the answer keeps its bytes readable (an open file outlives its
 * name on POSIX systems) without copying them anywhere. It can therefore be streamed once: a second
 * {@link #open()} (a retried upload) fails, and the registration with it.
 */
final class PinnedImage implements DocumentSource, AutoCloseable {
    private final InputStream stream;
    private final AtomicBoolean taken = new AtomicBoolean();

    private PinnedImage(InputStream stream) {
        this.stream = stream;
    }

    /** Opens the command's image now, while its file still has a name. */
    static PinnedImage pin(DocumentSource source) throws IOException {
        return new PinnedImage(source.open());
    }

    @Override
    public InputStream open() throws IOException {
        if (!taken.compareAndSet(false, true)) {
            throw new IOException("the relay streams each image once; its file is gone");
        }
        return stream;
    }

    /** Releases the file, whether or not it was streamed (the uploader closes what it streamed, too). */
    @Override
    public void close() throws IOException {
        stream.close();
    }
}
