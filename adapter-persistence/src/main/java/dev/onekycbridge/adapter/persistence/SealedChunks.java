package dev.onekycbridge.adapter.persistence;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * An image read from its source and sealed a chunk at a time before its write transaction, so that the write
 * never waits for the source (on SQLite, every other write would wait with it) nor for the encryption. The first
 * chunk stays in memory; an image of more than one chunk goes to a temporary file, which holds ciphertext only
 * (each chunk sealed for its place, see {@link JooqStagedDocuments.ChunkContext}). The file's name is removed as
 * soon as it is open, where the file system allows it (a killed process leaves nothing behind), else on close.
 */
final class SealedChunks implements AutoCloseable {
    /** Receives the chunks in order; it writes them, hence the {@link SQLException}. */
    interface Consumer {
        void accept(int index, boolean last, DataCipher.Sealed chunk) throws SQLException;
    }

    private final String keyId;
    private final DataCipher.Sealed first;
    private final boolean firstIsLast;
    private final Spool spool;
    private final int count;

    private SealedChunks(String keyId, DataCipher.Sealed first, boolean firstIsLast, Spool spool, int count) {
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
            return new SealedChunks(cipher.currentKeyId(), spool.first, spool.firstIsLast,
                    spool.channel == null ? null : spool, spool.count);
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
        /** The file's name while it still has one: where it could not be removed while open. */
        private Path file;
        private FileChannel channel;
        private DataOutputStream out;
        private int count;

        void add(int index, boolean last, DataCipher.Sealed sealed) throws IOException {
            if (index == 0) {
                first = sealed;
                firstIsLast = last;
            } else {
                if (out == null) {
                    open();
                }
                out.writeInt(sealed.bytes().length);
                out.write(sealed.bytes());
            }
            count = index + 1;
        }

        private void open() throws IOException {
            file = Files.createTempFile("onekyc-bridge-staging-", ".sealed");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                Files.delete(file);
                file = null;
            } catch (IOException e) {
                // A file system that keeps the name of an open file (Windows): it goes on close.
            }
            // Not closed before the channel: closing the stream would close the channel with it.
            out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        }

        void finish() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        /** A new reading of the chunks after the first, from the start of the file. */
        DataInputStream read() throws IOException {
            // Not closed by its reader: closing it would close the channel.
            return new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel.position(0))));
        }

        void discard() throws IOException {
            try {
                if (channel != null) {
                    channel.close();
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
        try {
            DataInputStream in = spool.read();
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
                spool.discard();
            } catch (IOException e) {
                throw new UncheckedIOException("deleting the temporary file of a sealed image failed", e);
            }
        }
    }
}
