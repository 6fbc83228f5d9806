package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static dev.onekycbridge.adapter.persistence.schema.Tables.DATA_KEY_CHECKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENT_CHUNKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSIONS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSION_DOCUMENTS;

import dev.onekycbridge.adapter.persistence.schema.tables.records.CallbackInboxRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.DataKeyChecksRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.StagedDocumentsRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionDocumentsRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionsRecord;
import dev.onekycbridge.core.document.DocumentKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Data keys in the database: the check value that tells a wrong key at once, and the re-encryption of every
 * stored value under a new key.
 */
final class KeyManagement {
    private static final byte[] CHECK_PLAINTEXT = "onekyc-bridge data key check".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 200;

    private final Database database;
    private final Ciphers ciphers;

    KeyManagement(Database database, Ciphers ciphers) {
        this.database = database;
        this.ciphers = ciphers;
    }

    /**
     * Fails with {@link DataKeyMismatchException} when a configured key has the id of a key the database knows
     * but other key material, when the database was written under keys of which none is configured, or when a
     * value is still encrypted under a key that is not configured (removed before a re-encryption finished);
     * records a check value for the current key when it has none.
     *
     * <p>Every key that encrypted a value has a check value (recorded when it was first used), so only a key
     * with a check value and missing from the ring can hold values no key reads. Looking for them reads the
     * tables whole (no index on data_key_id: every write would pay for one), so it is done only then, and once:
     * a key that holds nothing any more loses its check value, and later starts look no more. A start with
     * every key of the database configured runs no such query.
     */
    void verifyKeys() {
        DataCipher cipher = ciphers.current();
        List<DataKeyChecksRecord> checks = database.read("checking the data key",
                ctx -> ctx.selectFrom(DATA_KEY_CHECKS).orderBy(DATA_KEY_CHECKS.CREATED_AT).fetch());
        if (!checks.isEmpty() && checks.stream().noneMatch(check -> cipher.knows(check.getKeyId()))) {
            List<String> known = checks.stream().map(DataKeyChecksRecord::getKeyId).toList();
            throw new DataKeyMismatchException("the data key does not match: this database was written under data "
                    + "key " + String.join(", ", known) + ", and none of them is configured",
                    known.get(known.size() - 1));
        }
        boolean currentKnown = false;
        for (DataKeyChecksRecord check : checks) {
            if (!cipher.knows(check.getKeyId())) {
                retireIfUnused(check.getKeyId());
                continue;
            }
            byte[] opened = cipher.open(check.getKeyId(), check.getCheckValue(), checkContext(check.getKeyId()));
            if (!MessageDigest.isEqual(opened, CHECK_PLAINTEXT)) {
                throw new DataKeyMismatchException("the data key does not match: key '" + check.getKeyId()
                        + "' opens its check value to something else", check.getKeyId());
            }
            currentKnown |= check.getKeyId().equals(cipher.currentKeyId());
        }
        if (!currentKnown) {
            recordCheck(cipher);
        }
    }

    /**
     * Fails when a value is still encrypted under {@code keyId}, which the ring lacks; otherwise forgets the key's
     * check value: nothing is under that key any more.
     */
    private void retireIfUnused(String keyId) {
        if (database.read("looking for values under a removed data key", ctx -> holdsValuesUnder(ctx, keyId))) {
            throw new DataKeyMismatchException("the data key does not match: stored data is still encrypted under "
                    + "data key '" + keyId + "', which is not configured; configure it again as a previous key "
                    + "and re-encrypt before removing it", keyId);
        }
        database.write("forgetting a removed data key", ctx -> ctx.deleteFrom(DATA_KEY_CHECKS)
                .where(DATA_KEY_CHECKS.KEY_ID.eq(keyId)).execute());
    }

    /** Whether any stored value (an erased one is none) is encrypted under {@code keyId}. */
    private static boolean holdsValuesUnder(DSLContext ctx, String keyId) {
        return ctx.fetchExists(SUBMISSIONS, SUBMISSIONS.DATA_KEY_ID.eq(keyId).and(SUBMISSIONS.PERSONAL.isNotNull()))
                || ctx.fetchExists(SUBMISSION_DOCUMENTS, SUBMISSION_DOCUMENTS.DATA_KEY_ID.eq(keyId)
                        .and(SUBMISSION_DOCUMENTS.UPLOAD_URL.isNotNull()))
                || ctx.fetchExists(STAGED_DOCUMENTS, STAGED_DOCUMENTS.DATA_KEY_ID.eq(keyId))
                || ctx.fetchExists(STAGED_DOCUMENT_CHUNKS, STAGED_DOCUMENT_CHUNKS.DATA_KEY_ID.eq(keyId))
                || ctx.fetchExists(CALLBACK_INBOX, CALLBACK_INBOX.DATA_KEY_ID.eq(keyId)
                        .and(CALLBACK_INBOX.BODY_ERASED_AT.isNull()));
    }

    private void recordCheck(DataCipher cipher) {
        DataCipher.Sealed sealed = cipher.seal(CHECK_PLAINTEXT, checkContext(cipher.currentKeyId()));
        database.write("recording the data key check", ctx -> ctx.insertInto(DATA_KEY_CHECKS)
                .set(new DataKeyChecksRecord(sealed.keyId(), sealed.bytes(), Instant.now()))
                .onConflictDoNothing()
                .execute());
    }

    /**
     * Moves every stored value to {@code newKey}; from the start, new values are written under it. Values are read
     * in batches and rewritten only where the row still holds the very ciphertext that was read (a fresh nonce
     * makes every write differ): an instance still on the old key may save the row in between, and its value,
     * newer, is then left for the next round rather than overwritten with the one read before.
     */
    ReencryptionReport reencrypt(DataKey newKey) {
        DataCipher next = ciphers.current().rotatedTo(newKey);
        Ciphers probe = new Ciphers(next);
        new KeyManagement(database, probe).verifyKeys();
        ciphers.rotate(next);
        String keyId = next.currentKeyId();
        long submissions = 0;
        long documents = 0;
        long staged = 0;
        long callbacks = 0;
        while (true) {
            List<SubmissionsRecord> rows = database.read("re-encrypting submissions", ctx -> ctx
                    .select(SUBMISSIONS.ID, SUBMISSIONS.PERSONAL, SUBMISSIONS.DATA_KEY_ID).from(SUBMISSIONS)
                    .where(SUBMISSIONS.PERSONAL.isNotNull().and(SUBMISSIONS.DATA_KEY_ID.ne(keyId)))
                    .limit(BATCH).fetchInto(SUBMISSIONS));
            if (rows.isEmpty()) {
                break;
            }
            submissions += database.write("re-encrypting submissions", ctx -> {
                int rewritten = 0;
                for (SubmissionsRecord row : rows) {
                    String context = JooqSubmissionStore.personalContext(row.getId());
                    DataCipher.Sealed sealed = next.seal(next.open(row.getDataKeyId(), row.getPersonal(), context),
                            context);
                    rewritten += ctx.update(SUBMISSIONS)
                            .set(SUBMISSIONS.PERSONAL, sealed.bytes()).set(SUBMISSIONS.DATA_KEY_ID, sealed.keyId())
                            .where(SUBMISSIONS.ID.eq(row.getId()).and(SUBMISSIONS.PERSONAL.eq(row.getPersonal())))
                            .execute();
                }
                return rewritten;
            });
        }
        while (true) {
            List<SubmissionDocumentsRecord> rows = database.read("re-encrypting document URLs", ctx -> ctx
                    .select(SUBMISSION_DOCUMENTS.SUBMISSION_ID, SUBMISSION_DOCUMENTS.KIND,
                            SUBMISSION_DOCUMENTS.UPLOAD_URL, SUBMISSION_DOCUMENTS.DATA_KEY_ID)
                    .from(SUBMISSION_DOCUMENTS)
                    .where(SUBMISSION_DOCUMENTS.UPLOAD_URL.isNotNull()
                            .and(SUBMISSION_DOCUMENTS.DATA_KEY_ID.ne(keyId)))
                    .limit(BATCH).fetchInto(SUBMISSION_DOCUMENTS));
            if (rows.isEmpty()) {
                break;
            }
            documents += database.write("re-encrypting document URLs", ctx -> {
                int rewritten = 0;
                for (SubmissionDocumentsRecord row : rows) {
                    String context = JooqSubmissionStore.uploadUrlContext(row.getSubmissionId(),
                            DocumentKind.valueOf(row.getKind()));
                    DataCipher.Sealed sealed = next.seal(next.open(row.getDataKeyId(), row.getUploadUrl(), context),
                            context);
                    rewritten += ctx.update(SUBMISSION_DOCUMENTS)
                            .set(SUBMISSION_DOCUMENTS.UPLOAD_URL, sealed.bytes())
                            .set(SUBMISSION_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                            .where(SUBMISSION_DOCUMENTS.SUBMISSION_ID.eq(row.getSubmissionId())
                                    .and(SUBMISSION_DOCUMENTS.KIND.eq(row.getKind()))
                                    .and(SUBMISSION_DOCUMENTS.UPLOAD_URL.eq(row.getUploadUrl())))
                            .execute();
                }
                return rewritten;
            });
        }
        while (true) {
            // Images are large: a few at a time (an image in chunks is re-encrypted a chunk at a time; of an image
            // in a file, only its key is under the data key).
            List<StagedDocumentsRecord> rows = database.read("re-encrypting staged images", ctx -> ctx
                    .selectFrom(STAGED_DOCUMENTS).where(STAGED_DOCUMENTS.DATA_KEY_ID.ne(keyId))
                    .limit(8).fetch());
            if (rows.isEmpty()) {
                break;
            }
            staged += database.write("re-encrypting staged images", ctx -> {
                int rewritten = 0;
                for (StagedDocumentsRecord row : rows) {
                    if (row.getImageKey() != null) {
                        rewritten += JooqStagedDocuments.rewrapImageKey(ctx, next, row) ? 1 : 0;
                        continue;
                    }
                    if (row.getDocumentId() != null) {
                        rewritten += JooqStagedDocuments.reencryptChunks(ctx, next, row) ? 1 : 0;
                        continue;
                    }
                    String context = JooqStagedDocuments.context(row.getSubmissionId(),
                            DocumentKind.valueOf(row.getKind()));
                    DataCipher.Sealed sealed = next.seal(next.open(row.getDataKeyId(), row.getContent(), context),
                            context);
                    rewritten += ctx.update(STAGED_DOCUMENTS)
                            .set(STAGED_DOCUMENTS.CONTENT, sealed.bytes())
                            .set(STAGED_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                            .where(STAGED_DOCUMENTS.SUBMISSION_ID.eq(row.getSubmissionId())
                                    .and(STAGED_DOCUMENTS.KIND.eq(row.getKind()))
                                    .and(STAGED_DOCUMENTS.CONTENT.eq(row.getContent())))
                            .execute();
                }
                return rewritten;
            });
        }
        while (true) {
            List<CallbackInboxRecord> rows = database.read("re-encrypting callbacks", ctx -> ctx
                    .select(CALLBACK_INBOX.ID, CALLBACK_INBOX.BODY, CALLBACK_INBOX.DEDUP_MAC,
                            CALLBACK_INBOX.DATA_KEY_ID)
                    .from(CALLBACK_INBOX)
                    // An erased body has nothing to re-encrypt; its digests stay under the key that made them.
                    .where(CALLBACK_INBOX.DATA_KEY_ID.ne(keyId).and(CALLBACK_INBOX.BODY_ERASED_AT.isNull()))
                    .limit(BATCH).fetchInto(CALLBACK_INBOX));
            if (rows.isEmpty()) {
                break;
            }
            callbacks += database.write("re-encrypting callbacks", ctx -> {
                int rewritten = 0;
                for (CallbackInboxRecord row : rows) {
                    String context = JooqCallbackInbox.context(row.getId());
                    byte[] body = next.open(row.getDataKeyId(), row.getBody(), context);
                    DataCipher.Sealed sealed = next.seal(body, context);
                    // The body's MAC moves to the new key too, or a repeat of it would not be recognised.
                    String mac = next.mac(body);
                    rewritten += ctx.update(CALLBACK_INBOX)
                            .set(CALLBACK_INBOX.BODY, sealed.bytes())
                            .set(CALLBACK_INBOX.BODY_MAC, mac)
                            .set(CALLBACK_INBOX.DEDUP_MAC, row.getDedupMac() == null ? null : mac)
                            .set(CALLBACK_INBOX.DATA_KEY_ID, sealed.keyId())
                            .where(CALLBACK_INBOX.ID.eq(row.getId())
                                    .and(CALLBACK_INBOX.DATA_KEY_ID.eq(row.getDataKeyId()))
                                    .and(CALLBACK_INBOX.BODY_ERASED_AT.isNull()))
                            .execute();
                }
                return rewritten;
            });
        }
        return new ReencryptionReport(keyId, submissions, documents, staged, callbacks);
    }

    private static String checkContext(String keyId) {
        return "data_key_checks.check_value|" + keyId;
    }
}
