package dev.onekycbridge.adapter.persistence;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * An image read from its source and sealed a chunk at a time before its write transaction, so that the write
 * never waits for the source (on SQLite, every other write would wait with it) nor for the encryption. The first
 * chunk stays in memory; an image of more than one chunk goes to a temporary file, which holds ciphertext only
 * (each chunk sealed for its place, see {@link JooqStagedDocuments.ChunkContext}) and is deleted on close.
 */
final class SealedChunks implements AutoCloseable {
    /** Receives the chunks in order; it writes them, hence the {@link SQLException}. */
    interface Consumer {
        void accept(int index, boolean last, DataCipher.Sealed chunk) throws SQLException;
    }

    private final String keyId;
    private final DataCipher.Sealed first;
    private final boolean firstIsLast;
    private final Path spool;
    private final int count;

    private SealedChunks(String keyId, DataCipher.Sealed first, boolean firstIsLast, Path spool, int count) {
        this.keyId = keyId;
        this.first = first;
        this.firstIsLast = firstIsLast;
        this.spool = spool;
        this.count = count;
    }

    /** Reads {@code in} to its end in chunks of {@code chunkBytes}, sealing each for its place in {@code chunks}. */
    static SealedChunks seal(DataCipher cipher, JooqStagedDocuments.ChunkContext chunks, InputStream in,
                             int chunkBytes) throws IOException {
        byte[] chunk = new byte[chunkBytes];
        Path spool = null;
        DataOutputStream out = null;
        try {
            DataCipher.Sealed first = null;
            int filled = in.readNBytes(chunk, 0, chunkBytes);
            for (int index = 0; ; index++) {
                // One byte read ahead tells whether this chunk is the last: the last one says so in its sealing.
                int next = filled < chunkBytes ? -1 : in.read();
                boolean last = next == -1;
                DataCipher.Sealed sealed = cipher.seal(chunk, 0, filled, chunks.of(index, last));
                if (index == 0) {
                    first = sealed;
                } else {
                    if (out == null) {
                        spool = Files.createTempFile("onekyc-bridge-staging-", ".sealed");
                        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool)));
                    }
                    out.writeInt(sealed.bytes().length);
                    out.write(sealed.bytes());
                }
                if (last) {
                    if (out != null) {
                        out.close();
                    }
                    return new SealedChunks(cipher.currentKeyId(), first, index == 0, spool, index + 1);
                }
                chunk[0] = (byte) next;
                filled = 1 + in.readNBytes(chunk, 1, chunkBytes - 1);
            }
        } catch (IOException | RuntimeException | Error e) {
            // The source's failure is the one to report; cleaning up after it must not replace it.
            try {
                if (out != null) {
                    out.close();
                }
                if (spool != null) {
                    Files.deleteIfExists(spool);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            Arrays.fill(chunk, (byte) 0);
        }
    }

    int count() {
        return count;
    }

    /** Hands the chunks over in order, one in memory at a time. */
    void forEach(Consumer consumer) throws SQLException {
        consumer.accept(0, firstIsLast, first);
        if (spool == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool)))) {
            for (int index = 1; index < count; index++) {
                byte[] sealed = new byte[in.readInt()];
                in.readFully(sealed);
                consumer.accept(index, index == count - 1, new DataCipher.Sealed(keyId, sealed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading back a sealed image from its temporary file failed", e);
        }
    }

    @Override
    public void close() {
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new UncheckedIOException("deleting the temporary file of a sealed image failed", e);
            }
        }
    }
}
