package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A staged image read back a chunk at a time: each chunk is fetched and decrypted when the reader reaches it, so
 * one chunk, sealed and opened, is in memory at once. Subclasses say where the chunks come from.
 */
abstract class OpenedChunksInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];

    /** A chunk decrypted, and whether the image ends with it. */
    record Chunk(byte[] plain, boolean last) {
    }

    private byte[] chunk = NONE;
    private int position;
    private int nextIndex;
    private boolean ended;
    private boolean closed;

    /** Chunk {@code index}, decrypted; an IOException when it is missing or does not decrypt. */
    protected abstract Chunk fetch(int index) throws IOException;

    /** Releases what the subclass holds open; called once, from {@link #close}. */
    protected void release() throws IOException {
    }

    @Override
    public final int read() throws IOException {
        return hasMore() ? chunk[position++] & 0xff : -1;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!hasMore()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public final int available() {
        return chunk.length - position;
    }

    @Override
    public final void close() throws IOException {
        forgetChunk();
        ended = true;
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Whether a byte is ready, fetching chunks (the last may be empty) until one is or the image ends. */
    private boolean hasMore() throws IOException {
        while (position == chunk.length) {
            if (ended) {
                return false;
            }
            Chunk next = fetch(nextIndex);
            forgetChunk();
            chunk = next.plain();
            nextIndex++;
            ended = next.last();
        }
        return true;
    }

    private void forgetChunk() {
        Arrays.fill(chunk, (byte) 0);
        chunk = NONE;
        position = 0;
    }
}
