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
        Spool spool = new Spool();
        try {
            ImageChunks.forEach(in, chunkBytes, (index, last, chunk, length) -> {
                DataCipher.Sealed sealed = cipher.seal(chunk, 0, length, chunks.of(index, last));
                spool.add(index, last, sealed);
            });
            spool.finish();
            return new SealedChunks(cipher.currentKeyId(), spool.first, spool.firstIsLast, spool.file, spool.count);
        } catch (IOException | RuntimeException | Error e) {
            // The source's failure is the one to report; cleaning up after it must not replace it.
            try {
                spool.discard();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The first chunk in memory, the others in a temporary file opened when the second arrives. */
    private static final class Spool {
        private DataCipher.Sealed first;
        private boolean firstIsLast;
        private Path file;
        private DataOutputStream out;
        private int count;

        void add(int index, boolean last, DataCipher.Sealed sealed) throws IOException {
            if (index == 0) {
                first = sealed;
                firstIsLast = last;
            } else {
                if (out == null) {
                    file = Files.createTempFile("onekyc-bridge-staging-", ".sealed");
                    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
                }
                out.writeInt(sealed.bytes().length);
                out.write(sealed.bytes());
            }
            count = index + 1;
        }

        void finish() throws IOException {
            if (out != null) {
                out.close();
            }
        }

        void discard() throws IOException {
            try {
                if (out != null) {
                    out.close();
                }
            } finally {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
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
