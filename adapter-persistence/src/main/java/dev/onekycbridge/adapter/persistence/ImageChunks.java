package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an image a chunk at a time, telling each chunk's place and whether it is the last: a staged image is
 * sealed chunk by chunk, and the last chunk says so in its sealing, so that an image cut off after any chunk fails
 * to decrypt.
 */
final class ImageChunks {
    /** Receives each chunk: {@code length} bytes of {@code buffer}, which is reused for the next chunk. */
    interface Consumer {
        void accept(int index, boolean last, byte[] buffer, int length) throws IOException;
    }

    private ImageChunks() {
    }

    /** Reads {@code in} to its end in chunks of {@code chunkBytes} (the last may be shorter, or empty). */
    static void forEach(InputStream in, int chunkBytes, Consumer consumer) throws IOException {
        byte[] chunk = new byte[chunkBytes];
        try {
            int filled = in.readNBytes(chunk, 0, chunkBytes);
            for (int index = 0; ; index++) {
                // One byte read ahead tells whether this chunk is the last.
                int next = filled < chunkBytes ? -1 : in.read();
                boolean last = next == -1;
                consumer.accept(index, last, chunk, filled);
                if (last) {
                    return;
                }
                chunk[0] = (byte) next;
                filled = 1 + in.readNBytes(chunk, 1, chunkBytes - 1);
            }
        } finally {
            Arrays.fill(chunk, (byte) 0);
        }
    }
}
