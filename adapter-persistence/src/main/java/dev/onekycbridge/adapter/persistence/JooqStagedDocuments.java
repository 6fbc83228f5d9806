package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENT_CHUNKS;

import dev.onekycbridge.adapter.persistence.schema.tables.records.StagedDocumentChunksRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.StagedDocumentsRecord;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * Staged images, encrypted, deleted when the platform has them. Each image has a row in staged_documents and its
 * bytes sealed a chunk at a time: in a file of its own under the image folder when there is one
 * ({@link StagedImageFiles}, V4__staged_image_files.sql), in staged_document_chunks otherwise
 * (V2__staged_document_chunks.sql). Staging and reading hold one chunk in memory, never the whole image. Rows
 * staged before the chunks (no document_id) hold the whole image in their content and are still read.
 */
final class JooqStagedDocuments implements StagedDocuments {
    private static final System.Logger LOG = System.getLogger(JooqStagedDocuments.class.getName());
    /** Small enough not to be a humongous object for G1 in a small heap (regions of 1 MiB, limit half a region). */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Far longer than staging an image takes, from its file to its row: the core's rule for orphans. */
    static final Duration ORPHAN_AGE = StagedDocuments.ORPHAN_AGE;
    private static final List<Field<?>> DOCUMENT_COLUMNS = List.of(STAGED_DOCUMENTS.fields());
    private static final List<Field<?>> CHUNK_COLUMNS = List.of(STAGED_DOCUMENT_CHUNKS.fields());
    private static final String INSERT_DOCUMENT = RecordSql.insert(STAGED_DOCUMENTS, DOCUMENT_COLUMNS);
    private static final String INSERT_CHUNK = RecordSql.insert(STAGED_DOCUMENT_CHUNKS, CHUNK_COLUMNS);
    private static final String DELETE_CHUNKS =
            "DELETE FROM staged_document_chunks WHERE submission_id = ? AND kind = ?";
    private static final String DELETE_DOCUMENT = "DELETE FROM staged_documents WHERE submission_id = ? AND kind = ?";
    private static final String FIND = RecordSql.select(STAGED_DOCUMENTS, "d", DOCUMENT_COLUMNS)
            + " WHERE d.submission_id = ? AND d.kind = ?";
    private static final String ANY_OF = "SELECT 1 FROM staged_documents WHERE submission_id = ? LIMIT 1";
    private static final String IMAGE_FILES_OF = "SELECT kind, document_id FROM staged_documents"
            + " WHERE submission_id = ? AND image_key IS NOT NULL";
    private static final String DELETE_ALL_CHUNKS = "DELETE FROM staged_document_chunks WHERE submission_id = ?";
    private static final String DELETE_ALL_DOCUMENTS = "DELETE FROM staged_documents WHERE submission_id = ?";
    /**
     * Rows staged before version 6 were stamped 0 by its migration; a NULL stamp is an older instance's intake
     * during an upgrade, perhaps in flight, and is never taken.
     */
    private static final String ORPHANS = "SELECT DISTINCT d.submission_id FROM staged_documents d"
            + " WHERE d.staged_at < ?"
            + " AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = d.submission_id) LIMIT ?";

    private final Database database;
    private final Ciphers ciphers;
    /** Null: images go to staged_document_chunks. */
    private final StagedImageFiles files;

    JooqStagedDocuments(Database database, Ciphers ciphers, StagedImageFiles files) {
        this.database = database;
        this.ciphers = ciphers;
        this.files = files;
    }

    /**
     * Reads and seals every image a chunk at a time first (the write waits for neither the sources nor the
     * encryption), then writes all their rows in one transaction, so that a replaced image is swapped whole and a
     * source that fails half-way leaves the former images (or none). One write for all of them: on SQLite each
     * write waits its turn at the one writer.
     */
    @Override
    public void stageAll(SubmissionId id, Map<DocumentKind, DocumentSource> images) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(images, "images");
        images.forEach((kind, source) -> {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
        });
        if (images.isEmpty()) {
            return;
        }
        try {
            if (files == null) {
                stageInChunks(id.toString(), images);
            } else {
                stageInFiles(id.toString(), images);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stageInChunks(String submissionId, Map<DocumentKind, DocumentSource> images) throws IOException {
        DataCipher cipher = ciphers.current();
        try (SealedImages sealed = new SealedImages()) {
            for (Map.Entry<DocumentKind, DocumentSource> image : images.entrySet()) {
                ChunkContext chunks = new ChunkContext(submissionId, image.getKey(), UUID.randomUUID().toString());
                StagedDocumentsRecord row = new StagedDocumentsRecord(submissionId, image.getKey().name(),
                        new byte[0], cipher.currentKeyId(), chunks.documentId(), null, Instant.now());
                try (InputStream in = image.getValue().open()) {
                    sealed.add(row, SealedChunks.seal(cipher, chunks, in, CHUNK_BYTES));
                }
            }
            database.write("staging documents", ctx -> ctx.connectionResult(connection -> {
                delete(connection, submissionId, sealed.kinds());
                insertRows(connection, sealed.rows());
                try (PreparedStatement insert = connection.prepareStatement(INSERT_CHUNK)) {
                    for (SealedImage image : sealed.images()) {
                        image.chunks().forEach((index, last, chunk) -> {
                            RecordSql.bind(insert, 1, new StagedDocumentChunksRecord(submissionId,
                                    image.row().getKind(), index, last, chunk.bytes(), chunk.keyId()),
                                    CHUNK_COLUMNS);
                            insert.executeUpdate();
                        });
                    }
                }
                return null;
            }));
        }
    }

    /**
     * Each image goes to a new file under a key of its own, forced to disk before its row is written; the files
     * of the images replaced are deleted once their rows are, and the new ones if the rows are not written.
     */
    private void stageInFiles(String submissionId, Map<DocumentKind, DocumentSource> images) throws IOException {
        DataCipher cipher = ciphers.current();
        List<StagedDocumentsRecord> rows = new ArrayList<>(images.size());
        List<String> written = new ArrayList<>(images.size());
        List<String> replaced;
        try {
            for (Map.Entry<DocumentKind, DocumentSource> image : images.entrySet()) {
                ChunkContext chunks = new ChunkContext(submissionId, image.getKey(), UUID.randomUUID().toString());
                ImageKey key = ImageKey.random();
                try (InputStream in = image.getValue().open()) {
                    files.write(chunks.documentId(), key, chunks, in, CHUNK_BYTES);
                }
                written.add(chunks.documentId());
                DataCipher.Sealed wrapped = key.wrap(cipher, chunks.ofKey());
                rows.add(new StagedDocumentsRecord(submissionId, image.getKey().name(), new byte[0], wrapped.keyId(),
                        chunks.documentId(), wrapped.bytes(), Instant.now()));
            }
            files.forceFolder();
            List<String> kinds = rows.stream().map(StagedDocumentsRecord::getKind).toList();
            replaced = database.write("staging documents", ctx -> ctx.connectionResult(connection -> {
                Map<String, String> existing = imageFilesOf(connection, submissionId);
                List<String> former = kinds.stream().filter(existing::containsKey).map(existing::get).toList();
                delete(connection, submissionId, kinds);
                insertRows(connection, rows);
                return former;
            }));
        } catch (IOException | RuntimeException | Error e) {
            files.delete(written);
            throw e;
        }
        files.delete(replaced);
    }

    private static void insertRows(Connection connection, List<StagedDocumentsRecord> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_DOCUMENT)) {
            for (StagedDocumentsRecord row : rows) {
                RecordSql.bind(insert, 1, row, DOCUMENT_COLUMNS);
                insert.executeUpdate();
            }
        }
    }

    @Override
    public Optional<DocumentSource> find(SubmissionId id, DocumentKind kind) {
        String submissionId = id.toString();
        StagedDocumentsRecord row = database.read("finding a staged document", ctx -> ctx.connectionResult(
                connection -> {
                    try (PreparedStatement select = connection.prepareStatement(FIND)) {
                        select.setString(1, submissionId);
                        select.setString(2, kind.name());
                        try (ResultSet found = select.executeQuery()) {
                            return found.next()
                                    ? RecordSql.read(found, 1, new StagedDocumentsRecord(), DOCUMENT_COLUMNS) : null;
                        }
                    }
                }));
        if (row == null) {
            return Optional.empty();
        }
        if (row.getImageKey() != null) {
            return imageFile(row);
        }
        if (row.getDocumentId() == null) {
            // Staged before the chunks: the whole image, decrypted once into an array nobody else holds.
            byte[] image = ciphers.current().open(row.getDataKeyId(), row.getContent(), context(submissionId, kind));
            return Optional.of(() -> new ByteArrayInputStream(image));
        }
        ChunkContext chunks = new ChunkContext(submissionId, kind, row.getDocumentId());
        return Optional.of(() -> new StagedChunksInputStream(database, ciphers, chunks));
    }

    private Optional<DocumentSource> imageFile(StagedDocumentsRecord row) {
        if (files == null) {
            throw new PersistenceException("a staged image of this database is a file: open it with its image folder "
                    + "(DatabaseConfig.withImageFolder)", null);
        }
        ChunkContext chunks = new ChunkContext(row.getSubmissionId(), DocumentKind.valueOf(row.getKind()),
                row.getDocumentId());
        if (!files.exists(chunks.documentId())) {
            if (!files.isReadable()) {
                // The folder itself is gone (unmounted, moved): every image would seem lost until it is back.
                throw files.folderMissing("finding a staged image", null);
            }
            // Lost with the disk it was on, or deleted by hand: there is no image to upload.
            return Optional.empty();
        }
        DataCipher cipher = ciphers.current();
        String keyId = row.getDataKeyId();
        byte[] wrapped = row.getImageKey();
        return Optional.of(() -> files.open(chunks.documentId(), ImageKey.unwrap(cipher, keyId, wrapped,
                chunks.ofKey()), chunks));
    }

    @Override
    public void discard(SubmissionId id) {
        // The save that moves a submission past its uploads has usually deleted its images already (see
        // JooqSubmissionStore.save): then a read answers, without queueing for the writer.
        String submissionId = id.toString();
        if (!database.read("discarding staged documents", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement select = connection.prepareStatement(ANY_OF)) {
                select.setString(1, submissionId);
                try (ResultSet found = select.executeQuery()) {
                    return found.next();
                }
            }
        }))) {
            return;
        }
        List<String> imageFiles = database.write("discarding staged documents",
                ctx -> ctx.connectionResult(connection -> deleteAllOf(connection, submissionId)));
        deleteFiles(imageFiles);
    }

    /**
     * Finds and deletes in one transaction; the files go after the commit, as with {@link #discard}. On SQLite the
     * transaction holds the database, so no submission is stored between the find and the delete. On PostgreSQL it
     * does not keep one out: the find reads the submissions committed when it runs (read committed), and nothing
     * locks a submission that is not there yet, nor ties its images to it (no foreign key: they are staged first).
     * An intake that stores its submission in between loses its images, and the submission fails as any whose
     * images are gone (STAGED_DOCUMENT_MISSING). That takes an intake that stored its submission longer after
     * staging its images than {@code stagedBefore} is old: the retention purge asks for those an hour old
     * ({@code StagedDocuments.ORPHAN_AGE}), and an intake stores it within its request. The last batch (fewer than
     * {@code limit}) also sweeps the image files no row names ({@link #sweepImageFiles}). The table holds only
     * images waiting for their upload, so reading it whole is cheap.
     */
    @Override
    public int discardOrphans(Instant stagedBefore, int limit) {
        Objects.requireNonNull(stagedBefore, "stagedBefore");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return 0;
        }
        List<List<String>> discarded = database.write("discarding orphaned staged documents",
                ctx -> ctx.connectionResult(connection -> {
                    List<String> orphans = new ArrayList<>();
                    try (PreparedStatement select = connection.prepareStatement(ORPHANS)) {
                        RecordSql.bind(select, 1, STAGED_DOCUMENTS.STAGED_AT, stagedBefore);
                        select.setInt(2, limit);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                orphans.add(rows.getString(1));
                            }
                        }
                    }
                    List<List<String>> imageFiles = new ArrayList<>(orphans.size());
                    for (String submissionId : orphans) {
                        imageFiles.add(deleteAllOf(connection, submissionId));
                    }
                    return imageFiles;
                }));
        discarded.forEach(this::deleteFiles);
        if (discarded.size() < limit) {
            // The last batch of a purge: also the files whose rows went before the process could delete them.
            // The sweep at open leaves those younger than ORPHAN_AGE, and a service may run for months after.
            sweepImageFiles();
        }
        return discarded.size();
    }

    /**
     * Deletes every staged image of a submission in the caller's transaction. Returns the stagings whose files
     * {@link #deleteFiles} deletes once that transaction is committed (before, a rollback would keep rows whose
     * files are gone).
     */
    static List<String> deleteAllOf(Connection connection, String submissionId) throws SQLException {
        List<String> imageFiles = List.copyOf(imageFilesOf(connection, submissionId).values());
        // The rows first, then the chunks, as in delete().
        for (String sql : List.of(DELETE_ALL_DOCUMENTS, DELETE_ALL_CHUNKS)) {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setString(1, submissionId);
                delete.executeUpdate();
            }
        }
        return imageFiles;
    }

    boolean hasImageFolder() {
        return files != null;
    }

    /** Why images cannot be written to the image folder now; empty when they can, or without a folder. */
    Optional<String> imageWriteTrouble() {
        return files == null ? Optional.empty() : files.writeTrouble();
    }

    /** Images the image folder could not take since the store was opened; 0 without a folder. */
    long imageWriteFailures() {
        return files == null ? 0 : files.writeFailures();
    }

    /** Deletes the files of stagings whose rows are gone. */
    void deleteFiles(List<String> imageFiles) {
        if (files != null && !imageFiles.isEmpty()) {
            files.delete(imageFiles);
        }
    }

    /**
     * Deletes the image files no row names: left by a process that stopped between writing a file and its row, or
     * between deleting a row and its file. Only files older than {@link #ORPHAN_AGE}: another process on the same
     * database (a command run beside the service) may have written a file whose row is not committed yet.
     */
    int sweepImageFiles() {
        if (files == null) {
            return 0;
        }
        Set<String> live = new HashSet<>(database.read("listing staged image files", ctx -> ctx
                .select(STAGED_DOCUMENTS.DOCUMENT_ID).from(STAGED_DOCUMENTS)
                .where(STAGED_DOCUMENTS.IMAGE_KEY.isNotNull()).fetch(STAGED_DOCUMENTS.DOCUMENT_ID)));
        return files.sweep(live, Instant.now().minus(ORPHAN_AGE));
    }

    /**
     * Warns, once, of the staged images whose rows name a file the folder does not hold: a database moved or
     * restored without its image folder. Their submissions fail as their uploads come due, each logged by id.
     */
    void warnOfMissingImageFiles() {
        if (files == null) {
            return;
        }
        long missing = files.missing(database.read("listing staged image files", ctx -> ctx
                .select(STAGED_DOCUMENTS.DOCUMENT_ID).from(STAGED_DOCUMENTS)
                .where(STAGED_DOCUMENTS.IMAGE_KEY.isNotNull()).fetch(STAGED_DOCUMENTS.DOCUMENT_ID)));
        if (missing > 0) {
            LOG.log(System.Logger.Level.WARNING, missing + " staged images have no file in " + files.folder()
                    + ": their submissions fail as STAGED_DOCUMENT_MISSING; if the folder was not moved with the"
                    + " database file, stop the service and put it back");
        }
    }

    /** The staging (document id) of each image of the submission kept as a file, by kind. */
    private static Map<String, String> imageFilesOf(Connection connection, String submissionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(IMAGE_FILES_OF)) {
            select.setString(1, submissionId);
            Map<String, String> files = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getString(2));
                }
            }
            return files;
        }
    }

    /**
     * Re-encrypts one staged image under {@code next}'s current key, in the caller's transaction, which holds the
     * image's row ({@link LockedRows}): its staging cannot be replaced meanwhile, and its chunks are that staging's
     * (every write of chunks deletes or writes their row first, see delete()).
     */
    static void reencrypt(DSLContext ctx, DataCipher next, StagedDocumentsRecord image) {
        if (image.getImageKey() != null) {
            rewrapImageKey(ctx, next, image);
        } else if (image.getDocumentId() != null) {
            reencryptChunks(ctx, next, image);
        } else {
            String context = context(image.getSubmissionId(), DocumentKind.valueOf(image.getKind()));
            DataCipher.Sealed sealed = next.seal(next.open(image.getDataKeyId(), image.getContent(), context),
                    context);
            ctx.update(STAGED_DOCUMENTS)
                    .set(STAGED_DOCUMENTS.CONTENT, sealed.bytes())
                    .set(STAGED_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                    .where(STAGED_DOCUMENTS.SUBMISSION_ID.eq(image.getSubmissionId())
                            .and(STAGED_DOCUMENTS.KIND.eq(image.getKind())))
                    .execute();
        }
    }

    /** Seals the key of one image file under {@code next}'s current key. The file stays as it is. */
    private static void rewrapImageKey(DSLContext ctx, DataCipher next, StagedDocumentsRecord image) {
        ChunkContext chunks = new ChunkContext(image.getSubmissionId(), DocumentKind.valueOf(image.getKind()),
                image.getDocumentId());
        byte[] material = next.open(image.getDataKeyId(), image.getImageKey(), chunks.ofKey());
        DataCipher.Sealed sealed;
        try {
            sealed = next.seal(material, chunks.ofKey());
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        ctx.update(STAGED_DOCUMENTS)
                .set(STAGED_DOCUMENTS.IMAGE_KEY, sealed.bytes())
                .set(STAGED_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                .where(chunks.ofRow())
                .execute();
    }

    /**
     * Re-encrypts the chunks of one image under {@code next}'s current key, a chunk at a time, and records the key
     * on the image's row.
     */
    private static void reencryptChunks(DSLContext ctx, DataCipher next, StagedDocumentsRecord image) {
        ChunkContext chunks = new ChunkContext(image.getSubmissionId(), DocumentKind.valueOf(image.getKind()),
                image.getDocumentId());
        List<Integer> indexes = ctx.select(STAGED_DOCUMENT_CHUNKS.CHUNK_INDEX).from(STAGED_DOCUMENT_CHUNKS)
                .where(chunks.ofImage().and(STAGED_DOCUMENT_CHUNKS.DATA_KEY_ID.ne(next.currentKeyId())))
                .fetch(STAGED_DOCUMENT_CHUNKS.CHUNK_INDEX);
        for (int index : indexes) {
            StagedDocumentChunksRecord chunk = ctx.selectFrom(STAGED_DOCUMENT_CHUNKS)
                    .where(chunks.ofImage().and(STAGED_DOCUMENT_CHUNKS.CHUNK_INDEX.eq(index)))
                    .fetchOne();
            String context = chunks.of(index, chunk.getLastChunk());
            byte[] plain = next.open(chunk.getDataKeyId(), chunk.getContent(), context);
            DataCipher.Sealed sealed = next.seal(plain, context);
            Arrays.fill(plain, (byte) 0);
            ctx.update(STAGED_DOCUMENT_CHUNKS)
                    .set(STAGED_DOCUMENT_CHUNKS.CONTENT, sealed.bytes())
                    .set(STAGED_DOCUMENT_CHUNKS.DATA_KEY_ID, sealed.keyId())
                    .where(chunks.ofImage().and(STAGED_DOCUMENT_CHUNKS.CHUNK_INDEX.eq(index)))
                    .execute();
        }
        ctx.update(STAGED_DOCUMENTS).set(STAGED_DOCUMENTS.DATA_KEY_ID, next.currentKeyId()).where(chunks.ofRow())
                .execute();
    }

    /**
     * Deletes the rows of the images, then their chunks: the row first, as the re-encryption locks it before the
     * chunks (the other order could deadlock with it). The chunks go by cascade already where foreign keys are
     * enforced; deleting them too does not depend on it.
     */
    private static void delete(Connection connection, String submissionId, List<String> kinds) throws SQLException {
        for (String sql : List.of(DELETE_DOCUMENT, DELETE_CHUNKS)) {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                for (String kind : kinds) {
                    delete.setString(1, submissionId);
                    delete.setString(2, kind);
                    delete.executeUpdate();
                }
            }
        }
    }

    /** An image read and sealed, and its row, waiting for the write. */
    private record SealedImage(StagedDocumentsRecord row, SealedChunks chunks) {
    }

    /** The images of one staging sealed so far; closing deletes the temporary files of every one. */
    private static final class SealedImages implements AutoCloseable {
        private final List<SealedImage> images = new ArrayList<>(2);

        void add(StagedDocumentsRecord row, SealedChunks chunks) {
            images.add(new SealedImage(row, chunks));
        }

        List<SealedImage> images() {
            return images;
        }

        List<StagedDocumentsRecord> rows() {
            return images.stream().map(SealedImage::row).toList();
        }

        List<String> kinds() {
            return images.stream().map(image -> image.row().getKind()).toList();
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (SealedImage image : images) {
                try {
                    image.chunks().close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The encryption context of an image staged whole, before the chunks. */
    static String context(String submissionId, DocumentKind kind) {
        return "staged_documents.content|" + submissionId + "|" + kind.name();
    }

    /** The chunks of one staging of an image, and what each chunk's sealing is bound to. */
    record ChunkContext(String submissionId, DocumentKind kind, String documentId) {
        /** Binds a chunk to its image, its staging, its place and whether the image ends with it. */
        String of(int index, boolean last) {
            return "staged_document_chunks.content|" + submissionId + "|" + kind.name() + "|" + documentId + "|"
                    + index + "|" + (last ? "last" : "more");
        }

        /** What the key of an image file is bound to when sealed under the data key: its row, this staging. */
        String ofKey() {
            return "staged_documents.image_key|" + submissionId + "|" + kind.name() + "|" + documentId;
        }

        /** The image's row in staged_documents, if it is still this staging. */
        Condition ofRow() {
            return STAGED_DOCUMENTS.SUBMISSION_ID.eq(submissionId).and(STAGED_DOCUMENTS.KIND.eq(kind.name()))
                    .and(STAGED_DOCUMENTS.DOCUMENT_ID.eq(documentId));
        }

        /** The image's chunks. */
        Condition ofImage() {
            return STAGED_DOCUMENT_CHUNKS.SUBMISSION_ID.eq(submissionId)
                    .and(STAGED_DOCUMENT_CHUNKS.KIND.eq(kind.name()));
        }
    }
}
