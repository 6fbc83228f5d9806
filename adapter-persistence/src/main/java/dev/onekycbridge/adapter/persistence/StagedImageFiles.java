package dev.onekycbridge.adapter.persistence;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Staged images as files, one per image, each sealed a chunk at a time under its own {@link ImageKey}, beside a
 * SQLite database. Writing an image through the database costs its pages three times (the WAL, the checkpoint,
 * and overwriting them when the image is deleted) on the one writer thread; a file costs one write, made by the
 * request's own thread, and an unlink.
 *
 * <p>A file is named after its staging's random document id, never after the submission. Its row in
 * staged_documents holds the image's key; a file whose row is gone is ciphertext without a key, and is deleted
 * right after the row's transaction, or by {@link #sweep} when the process stopped in between.
 *
 * <p>Format: {@code MAGIC}, then per chunk its length (4 bytes, big-endian) and the chunk sealed for its place
 * ({@link JooqStagedDocuments.ChunkContext#of}), the last one sealed as the last.
 */
final class StagedImageFiles {
    private static final System.Logger LOG = System.getLogger(StagedImageFiles.class.getName());
    private static final byte[] MAGIC = "OKB-IMG1".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".sealed";
    private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}\\" + SUFFIX);

    private static final Set<StandardOpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    /** What the readiness check writes, once the latest image could not be written: as much as a chunk's page. */
    private static final int PROBE_BYTES = 4096;
    private static final String PROBE = ".write-probe";

    private final Path folder;
    private final WriteHealth writes = new WriteHealth();

    private StagedImageFiles(Path folder) {
        this.folder = folder;
    }

    /** The folder, created if missing. */
    static StagedImageFiles in(Path folder) {
        Path absolute = folder.toAbsolutePath();
        try {
            OwnerOnly.createFolder(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for staged images " + absolute, e);
        }
        return new StagedImageFiles(absolute);
    }

    Path folder() {
        return folder;
    }

    /**
     * Writes the image read from {@code in}, sealed chunk by chunk under {@code key}, and forces it to disk before
     * returning: its row, written next, must never outlive it. A failure deletes what was written. The file's
     * own failures (a full disk, a folder made read-only) are the store's: a {@link PersistenceException}; one of
     * {@code in} stays the {@link IOException} it is.
     */
    void write(String documentId, ImageKey key, JooqStagedDocuments.ChunkContext chunks, InputStream in,
               int chunkBytes) throws IOException {
        Path file = file(documentId);
        FileChannel opened;
        try {
            opened = OwnerOnly.createFile(file, CREATE_NEW);
        } catch (IOException e) {
            PersistenceException failure = new PersistenceException("creating a staged image file failed", e);
            writes.failed(failure);
            throw failure;
        }
        try (FileChannel out = opened) {
            writeFully(out, ByteBuffer.wrap(MAGIC));
            ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
            ImageChunks.forEach(in, chunkBytes, (index, last, chunk, filled) -> {
                byte[] sealed = key.seal(chunk, 0, filled, chunks.of(index, last));
                length.clear().putInt(sealed.length).flip();
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(sealed));
            });
            try {
                out.force(false);
            } catch (IOException e) {
                throw new PersistenceException("forcing a staged image file to disk failed", e);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (e instanceof PersistenceException failure) {
                writes.failed(failure);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        writes.succeeded();
    }

    /**
     * Why images cannot be written now, or empty when they can: the folder is gone or read-only, or the latest
     * image could not be written and a small file written and forced to disk in its place fails too.
     */
    Optional<String> writeTrouble() {
        if (!isWritable()) {
            return Optional.of("the folder is missing or read-only");
        }
        if (writes.failing().isPresent()) {
            Path probe = folder.resolve(PROBE);
            try (FileChannel out = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, ByteBuffer.allocate(PROBE_BYTES));
                out.force(false);
                writes.succeeded();
            } catch (IOException e) {
                writes.failed(new PersistenceException("writing a staged image file failed", e));
            } catch (PersistenceException e) {
                writes.failed(e);
            } finally {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // The next probe truncates it.
                }
            }
        }
        return writes.failing();
    }

    /** Images that could not be written since the store was opened. */
    long writeFailures() {
        return writes.failures();
    }

    /** Makes the names of files written since the last call durable (a new file's entry is in its folder). */
    void forceFolder() throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the files themselves were forced.
            LOG.log(System.Logger.Level.DEBUG, () -> "could not force the folder of staged images: " + e);
        }
    }

    /** Whether the folder is still there and writable (it may be removed or remounted read-only under us). */
    boolean isWritable() {
        return Files.isDirectory(folder) && Files.isWritable(folder);
    }

    /**
     * Whether the folder is there to be read (it may be moved, unmounted or mounted elsewhere under us). Without
     * it no image can be told lost: that is the store's outage, which passes once the folder is back.
     */
    boolean isReadable() {
        return Files.isDirectory(folder) && Files.isReadable(folder) && Files.isExecutable(folder);
    }

    /** A store's failure to {@code operation} for want of the folder, naming it (a path, never a value). */
    PersistenceException folderMissing(String operation, Throwable cause) {
        return new PersistenceException(operation + " failed: the folder of staged images " + folder
                + " is missing or unreadable", cause);
    }

    boolean exists(String documentId) {
        return Files.isRegularFile(file(documentId));
    }

    /** How many of these stagings have no file in the folder. */
    long missing(Collection<String> documentIds) {
        return documentIds.stream().filter(documentId -> !exists(documentId)).count();
    }

    /**
     * The image, decrypted a chunk at a time as it is read. A folder gone since the image was found is the store's
     * outage, as in {@link JooqStagedDocuments#find}, not an image that cannot be read.
     */
    InputStream open(String documentId, ImageKey key, JooqStagedDocuments.ChunkContext chunks) throws IOException {
        FileChannel in;
        try {
            in = FileChannel.open(file(documentId), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            if (!isReadable()) {
                throw folderMissing("opening a staged image", e);
            }
            throw e;
        }
        try {
            return new FileChunksInputStream(in, key, chunks);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Deletes the files of these stagings; one that cannot be deleted now is left for {@link #sweep}. */
    void delete(Collection<String> documentIds) {
        for (String documentId : documentIds) {
            try {
                Files.deleteIfExists(file(documentId));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "could not delete the staged image file "
                        + file(documentId).getFileName() + "; it is deleted at the next start or retention purge: "
                        + e);
            }
        }
    }

    /**
     * Deletes every image file last written before {@code writtenBefore} whose staging is not in {@code live}:
     * written by a process that stopped before its row was committed, or whose row was deleted before the process
     * could delete the file. A file is written before its row, so a younger file may be one whose row is on its
     * way, from a process still running.
     */
    int sweep(Set<String> live, Instant writtenBefore) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    if (NAME.matcher(name).matches() && !live.contains(name.substring(0, 36))
                            && Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore)) {
                        Files.deleteIfExists(file);
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // Deleted since it was listed (its submission's images discarded meanwhile): nothing to sweep.
                }
            }
        } catch (IOException e) {
            if (!isReadable()) {
                throw folderMissing("clearing the folder of staged images", e);
            }
            throw new PersistenceException("clearing the folder of staged images " + folder + " failed", e);
        }
        return deleted;
    }

    private Path file(String documentId) {
        return folder.resolve(documentId + SUFFIX);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            throw new PersistenceException("writing a staged image file failed", e);
        }
    }

    /** Reads the chunks in order; a chunk is the last when the file ends after it, which its sealing must confirm. */
    private static final class FileChunksInputStream extends OpenedChunksInputStream {
        private final FileChannel in;
        private final ImageKey key;
        private final JooqStagedDocuments.ChunkContext chunks;
        private final long size;
        private boolean checkedMagic;

        FileChunksInputStream(FileChannel in, ImageKey key, JooqStagedDocuments.ChunkContext chunks)
                throws IOException {
            this.in = in;
            this.key = key;
            this.chunks = chunks;
            this.size = in.size();
        }

        @Override
        protected Chunk fetch(int index) throws IOException {
            if (!checkedMagic) {
                byte[] magic = readFully(MAGIC.length);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new IOException("a staged image file is not in the expected format");
                }
                checkedMagic = true;
            }
            int length = ByteBuffer.wrap(readFully(Integer.BYTES)).getInt();
            if (length < 0 || length > size - in.position()) {
                throw new IOException("a staged image file is cut off or altered (chunk " + index + ")");
            }
            boolean last = in.position() + length == size;
            return new Chunk(key.open(readFully(length), chunks.of(index, last)), last);
        }

        @Override
        protected void release() throws IOException {
            in.close();
        }

        private byte[] readFully(int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    throw new EOFException("a staged image file is cut off (chunk header or body missing)");
                }
            }
            return buffer.array();
        }
    }
}
