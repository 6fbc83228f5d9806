package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;

import dev.onekycbridge.adapter.persistence.schema.tables.records.StagedDocumentsRecord;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Staged images, encrypted, one row per submission and kind, deleted when the platform has them. */
final class JooqStagedDocuments implements StagedDocuments {
    private final Database database;
    private final Ciphers ciphers;

    JooqStagedDocuments(Database database, Ciphers ciphers) {
        this.database = database;
        this.ciphers = ciphers;
    }

    @Override
    public void stage(SubmissionId id, DocumentKind kind, DocumentSource source) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        byte[] image;
        try (InputStream in = source.open()) {
            image = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataCipher.Sealed sealed;
        try {
            sealed = ciphers.current().seal(image, context(id.toString(), kind));
        } finally {
            Arrays.fill(image, (byte) 0);
        }
        StagedDocumentsRecord row = new StagedDocumentsRecord(id.toString(), kind.name(), sealed.bytes(),
                sealed.keyId());
        database.write("staging a document", ctx -> ctx.insertInto(STAGED_DOCUMENTS).set(row)
                .onConflict(STAGED_DOCUMENTS.SUBMISSION_ID, STAGED_DOCUMENTS.KIND)
                .doUpdate().set(STAGED_DOCUMENTS.CONTENT, sealed.bytes()).set(STAGED_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                .execute());
    }

    @Override
    public Optional<DocumentSource> find(SubmissionId id, DocumentKind kind) {
        StagedDocumentsRecord row = database.read("finding a staged document", ctx -> ctx
                .selectFrom(STAGED_DOCUMENTS)
                .where(STAGED_DOCUMENTS.SUBMISSION_ID.eq(id.toString()).and(STAGED_DOCUMENTS.KIND.eq(kind.name())))
                .fetchOne());
        if (row == null) {
            return Optional.empty();
        }
        byte[] image = ciphers.current().open(row.getDataKeyId(), row.getContent(), context(id.toString(), kind));
        return Optional.of(DocumentSource.ofBytes(image));
    }

    @Override
    public void discard(SubmissionId id) {
        // The save that moves a submission past its uploads has usually deleted its images already (see
        // JooqSubmissionStore.save): then a read answers, without queueing for the writer.
        if (!database.read("discarding staged documents", ctx -> ctx.fetchExists(STAGED_DOCUMENTS,
                STAGED_DOCUMENTS.SUBMISSION_ID.eq(id.toString())))) {
            return;
        }
        database.write("discarding staged documents", ctx -> ctx.deleteFrom(STAGED_DOCUMENTS)
                .where(STAGED_DOCUMENTS.SUBMISSION_ID.eq(id.toString()))
                .execute());
    }

    static String context(String submissionId, DocumentKind kind) {
        return "staged_documents.content|" + submissionId + "|" + kind.name();
    }
}
