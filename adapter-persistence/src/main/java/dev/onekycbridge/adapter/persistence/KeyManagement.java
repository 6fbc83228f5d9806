package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static dev.onekycbridge.adapter.persistence.schema.Tables.DATA_KEY_CHECKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENT_CHUNKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSIONS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSION_DOCUMENTS;

import dev.onekycbridge.adapter.persistence.ReencryptionReport.UnreadableValue;
import dev.onekycbridge.adapter.persistence.schema.tables.records.CallbackInboxRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.DataKeyChecksRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.StagedDocumentsRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionDocumentsRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionsRecord;
import dev.onekycbridge.core.document.DocumentKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

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
        List<DataKeyChecksRecord> checks = refuseForeignKeys();
        Instant currentSince = checks.stream().filter(check -> check.getKeyId().equals(cipher.currentKeyId()))
                .map(DataKeyChecksRecord::getCreatedAt).findFirst().orElse(null);
        boolean currentKnown = false;
        for (DataKeyChecksRecord check : checks) {
            if (!cipher.knows(check.getKeyId())) {
                boolean newer = currentSince != null && check.getCreatedAt().isAfter(currentSince);
                retireIfUnused(check.getKeyId(), newer);
                continue;
            }
            currentKnown |= check.getKeyId().equals(cipher.currentKeyId());
        }
        if (!currentKnown) {
            recordCheck(cipher);
        }
    }

    /**
     * Fails when the configured keys are not this database's: none of the keys it was written under is configured,
     * or one of them is configured with other key material. Reads the key checks alone, whose table is the same
     * in every schema version, so that a wrong key stops a start before it migrates a database that the previous
     * release (with the right key) could then no longer open.
     *
     * @return the key checks, oldest first
     */
    List<DataKeyChecksRecord> refuseForeignKeys() {
        DataCipher cipher = ciphers.current();
        List<DataKeyChecksRecord> checks = database.read("checking the data key", KeyManagement::checks);
        refuseIfNoneKnown(cipher, checks);
        for (DataKeyChecksRecord check : checks) {
            if (cipher.knows(check.getKeyId())) {
                byte[] opened = openCheck(cipher, check.getKeyId(), check.getCheckValue());
                if (!MessageDigest.isEqual(opened, CHECK_PLAINTEXT)) {
                    throw new DataKeyMismatchException("the data key does not match: key '" + check.getKeyId()
                            + "' opens its check value to something else", check.getKeyId());
                }
            }
        }
        return checks;
    }

    /**
     * The check value opened with the configured key of its id. The cipher takes a tag that fails under a configured
     * key for damaged data; here it is far more likely a key whose material was mistyped or taken from another
     * environment under the same id, and the operator must be sent to the configuration, not to the data.
     */
    private static byte[] openCheck(DataCipher cipher, String keyId, byte[] checkValue) {
        try {
            return cipher.open(keyId, checkValue, checkContext(keyId));
        } catch (DataKeyMismatchException e) {
            throw new DataKeyMismatchException("the data key does not match: the configured data key '" + keyId
                    + "' is not the key this database knows under that id (it does not open the key's check value);"
                    + " configure the key the database was written under with that id", keyId);
        }
    }

    /**
     * Fails when a value is still encrypted under {@code keyId}, which the ring lacks; otherwise forgets the key's
     * check value: nothing is under that key any more.
     *
     * @param newerThanCurrent whether the key was first used after the current key (its check value is younger)
     */
    private void retireIfUnused(String keyId, boolean newerThanCurrent) {
        // It reads whole tables when nothing is left under the key (the usual case) and is run once, at a start:
        // the session's limits would make a large database unable to start.
        if (database.writeWithoutTimeouts("looking for values under a removed data key",
                ctx -> holdsValuesUnder(ctx, keyId))) {
            // A key first used after the current one: the current key was put back (a rollback), and values
            // written since are under the newer key. Re-encrypting is no cure: that key has to read them.
            throw new DataKeyMismatchException(newerThanCurrent
                    ? "the data key does not match: stored data is encrypted under data key '" + keyId + "', which"
                    + " came into use after the current key and is not configured; configure it too, as the current"
                    + " key or as a previous key"
                    : "the data key does not match: stored data is still encrypted under data key '" + keyId
                    + "', which is not configured; configure it again as a previous key and re-encrypt before"
                    + " removing it", keyId);
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

    private static List<DataKeyChecksRecord> checks(DSLContext ctx) {
        return ctx.selectFrom(DATA_KEY_CHECKS).orderBy(DATA_KEY_CHECKS.CREATED_AT).fetch();
    }

    private static void refuseIfNoneKnown(DataCipher cipher, List<DataKeyChecksRecord> checks) {
        if (!checks.isEmpty() && checks.stream().noneMatch(check -> cipher.knows(check.getKeyId()))) {
            // A wrong key, or a rollback to a key whose values have all been moved to a newer one: either way only
            // the keys the database knows read it.
            List<String> known = checks.stream().map(DataKeyChecksRecord::getKeyId).toList();
            boolean one = known.size() == 1;
            throw new DataKeyMismatchException("the data key does not match: this database was written under data "
                    + "key " + String.join(", ", known) + ", and none of them is configured; configure "
                    + (one ? "that key" : "those keys") + ", as the current key or as a previous key",
                    known.get(known.size() - 1));
        }
    }

    /**
     * Records the current key's check value, once no other instance has recorded one of a key this one does not
     * know meanwhile: two instances started together on a new database with different keys each found no check
     * and each recorded its own, then wrote data the other could not read. The look and the insert are one
     * transaction, which holds the table's lock on PostgreSQL (SQLite's writer lock holds the whole file).
     */
    void recordCheck(DataCipher cipher) {
        DataCipher.Sealed sealed = cipher.seal(CHECK_PLAINTEXT, checkContext(cipher.currentKeyId()));
        database.write("recording the data key check", ctx -> {
            if (ctx.dialect() == SQLDialect.POSTGRES) {
                ctx.execute("LOCK TABLE data_key_checks IN SHARE ROW EXCLUSIVE MODE");
            }
            refuseIfNoneKnown(cipher, checks(ctx));
            return ctx.insertInto(DATA_KEY_CHECKS)
                    .set(new DataKeyChecksRecord(sealed.keyId(), sealed.bytes(), Instant.now()))
                    .onConflictDoNothing()
                    .execute();
        });
    }

    /**
     * Moves every stored value to {@code newKey}; from the start, new values are written under it. Values are
     * rewritten a batch at a time, each batch's rows locked from their read to their rewrite ({@link LockedRows}):
     * a write of the service (or of an instance still on the old key) comes before the read or after the rewrite,
     * never in between. A value written under the old key after its rewrite is taken by a later pass.
     */
    ReencryptionReport reencrypt(DataKey newKey) {
        DataCipher next = ciphers.current().rotatedTo(newKey);
        Ciphers probe = new Ciphers(next);
        new KeyManagement(database, probe).verifyKeys();
        ciphers.rotate(next);
        String keyId = next.currentKeyId();
        List<UnreadableValue> unreadable = new ArrayList<>();
        long submissions = rewriteAll("re-encrypting submissions", SUBMISSIONS_WALK, keyId, BATCH, unreadable,
                (ctx, row) -> {
                    String context = JooqSubmissionStore.personalContext(row.getId());
                    String personal = next.openString(row.getDataKeyId(), row.getPersonal(), context);
                    // A fingerprint written in plain before schema version 8 moves into the sealed data: a final
                    // submission is not saved again before its purge, which is what moved it otherwise.
                    if (row.getRequestFingerprint() != null) {
                        personal = SnapshotCodec.withRequestFingerprint(personal, row.getRequestFingerprint());
                    }
                    DataCipher.Sealed sealed = next.seal(personal, context);
                    ctx.update(SUBMISSIONS)
                            .set(SUBMISSIONS.PERSONAL, sealed.bytes()).set(SUBMISSIONS.DATA_KEY_ID, sealed.keyId())
                            .setNull(SUBMISSIONS.REQUEST_FINGERPRINT)
                            .where(SUBMISSIONS.ID.eq(row.getId()))
                            .execute();
                });
        long documents = rewriteAll("re-encrypting document URLs", DOCUMENTS_WALK, keyId, BATCH, unreadable,
                (ctx, row) -> {
                    String context = JooqSubmissionStore.uploadUrlContext(row.getSubmissionId(),
                            DocumentKind.valueOf(row.getKind()));
                    DataCipher.Sealed sealed = next.seal(next.open(row.getDataKeyId(), row.getUploadUrl(), context),
                            context);
                    ctx.update(SUBMISSION_DOCUMENTS)
                            .set(SUBMISSION_DOCUMENTS.UPLOAD_URL, sealed.bytes())
                            .set(SUBMISSION_DOCUMENTS.DATA_KEY_ID, sealed.keyId())
                            .where(SUBMISSION_DOCUMENTS.SUBMISSION_ID.eq(row.getSubmissionId())
                                    .and(SUBMISSION_DOCUMENTS.KIND.eq(row.getKind())))
                            .execute();
                });
        // Images are large: a few at a time (an image in chunks is re-encrypted a chunk at a time; of an image in a
        // file, only its key is under the data key).
        long staged = rewriteAll("re-encrypting staged images", STAGED_WALK, keyId, 8, unreadable,
                (ctx, row) -> JooqStagedDocuments.reencrypt(ctx, next, row));
        // An erased body has nothing to re-encrypt; its digests stay under the key that made them.
        long callbacks = rewriteAll("re-encrypting callbacks", CALLBACKS_WALK, keyId, BATCH, unreadable,
                (ctx, row) -> {
                    String context = JooqCallbackInbox.context(row.getId());
                    byte[] body = next.open(row.getDataKeyId(), row.getBody(), context);
                    DataCipher.Sealed sealed = next.seal(body, context);
                    // The body's MAC moves to the new key too, or a repeat of it would not be recognised.
                    String mac = next.mac(body);
                    // An instance still on the old key alone stores a repeat of a body already moved to the new
                    // one as new: under the new key it is that body's duplicate, and keeps no digest of its own.
                    boolean original = row.getDedupMac() != null && !ctx.fetchExists(CALLBACK_INBOX,
                            CALLBACK_INBOX.CHANNEL.eq(row.getChannel()).and(CALLBACK_INBOX.DEDUP_MAC.eq(mac))
                                    .and(CALLBACK_INBOX.ID.ne(row.getId())));
                    ctx.update(CALLBACK_INBOX)
                            .set(CALLBACK_INBOX.BODY, sealed.bytes())
                            .set(CALLBACK_INBOX.BODY_MAC, mac)
                            .set(CALLBACK_INBOX.DEDUP_MAC, original ? mac : null)
                            .set(CALLBACK_INBOX.DATA_KEY_ID, sealed.keyId())
                            .where(CALLBACK_INBOX.ID.eq(row.getId()))
                            .execute();
                });
        return new ReencryptionReport(keyId, submissions, documents, staged, callbacks, unreadable);
    }

    /**
     * Rewrites the rows of {@code walk}'s table that hold a value under another key than {@code keyId},
     * {@code batch} at a time, each batch locked in a transaction of its own, until none is left. Returns how many
     * it rewrote.
     *
     * <p>The table is walked in the order of its primary key, a window of {@code batch} rows at a time: a read (no
     * transaction, no lock) takes the keys and key ids of the next rows that hold a value, through the index that
     * holds only those rows ({@link Walk#holdsValue}, that index's condition); only a window that has rows to move
     * is then locked and rewritten, in a transaction whose query stays between the window's bounds.
     * So no statement reads more than a window of index entries, however many rows the table keeps without a value
     * (erased callbacks, purged submissions: most of a table after a year, kept for good), and the one writer of
     * SQLite is held for one batch at a time. Without those indexes, a window walked the primary key past every such
     * row, and looking for the rows left read the whole table: on PostgreSQL under the statement timeout.
     *
     * <p>A pass that moved rows or found rows to move is followed by another, which finds those written under the old
     * key behind it (by an instance still on the old key; on PostgreSQL, rows another transaction held as the pass
     * went by); the rotation ends after a pass that finds none. A row whose value cannot be decrypted (damaged, or
     * under a key not configured) is added to {@code unreadable} by its primary key and passed over: one such row
     * must not keep the rotation from moving the others.
     */
    private <R extends Record> long rewriteAll(String operation, Walk<R> walk, String keyId, int batch,
                                               List<UnreadableValue> unreadable, BiConsumer<DSLContext, R> rewrite) {
        List<TableField<R, ?>> key = walk.key();
        // Kept here, not in the query: one condition per such row would outgrow SQLite's expression depth (1,000).
        Set<List<Object>> passedOver = new HashSet<>();
        List<Object> last = null;
        boolean foundInPass = false;
        long rewritten = 0;
        while (true) {
            List<Object> from = last;
            Result<Record> window = database.read(operation, ctx -> window(ctx, walk, from, batch).fetch());
            if (window.isEmpty()) {
                if (!foundInPass) {
                    return rewritten;
                }
                foundInPass = false;
                last = null;
                continue;
            }
            List<Object> end = keyOf(key, window.get(window.size() - 1));
            if (window.stream().noneMatch(row -> walk.toRewrite(row, keyId) && !passedOver.contains(keyOf(key, row)))) {
                last = end;
                continue;
            }
            foundInPass = true;
            List<R> failed = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            long began = System.nanoTime();
            Result<R> locked = database.write(operation, ctx -> {
                failed.clear();
                reasons.clear();
                done.set(0);
                Result<R> rows = LockedRows.lock(ctx, () -> batch(ctx, walk, keyId, from, end), batch);
                for (R row : rows) {
                    if (passedOver.contains(keyOf(key, row))) {
                        continue;
                    }
                    try {
                        rewrite.accept(ctx, row);
                        done.incrementAndGet();
                    } catch (DataKeyMismatchException | IllegalStateException e) {
                        failed.add(row);
                        reasons.add(e.getMessage());
                    }
                }
                return rows;
            });
            long took = System.nanoTime() - began;
            rewritten += done.get();
            for (int i = 0; i < failed.size(); i++) {
                R row = failed.get(i);
                passedOver.add(keyOf(key, row));
                unreadable.add(new UnreadableValue(walk.table().getName(), key.stream()
                        .map(field -> String.valueOf(row.get(field))).collect(Collectors.joining("/")),
                        reasons.get(i)));
            }
            // A full batch may have left rows of the window (inserted into it since it was read): the next window
            // starts after the batch. Rows another transaction held are left to the next pass.
            last = locked.size() >= batch ? keyOf(key, locked.get(locked.size() - 1)) : end;
            letOtherWritersIn(took);
        }
    }

    /**
     * A table the rotation walks: its rows that may hold a value are those {@code holdsValue} selects, and
     * {@code keyId} names the key of a row's value. {@code holdsValue} is the condition of a partial index on the
     * primary key, written as in the index so that both planners see the query stays inside it; a table that
     * holds only rows with values (the staged images) has none. {@code leftInPlain}, if not null, is a column
     * whose value an earlier version wrote in plain: a row that still holds one is rewritten even under the new
     * key, which moves it into the sealed value.
     */
    record Walk<R extends Record>(Table<R> table, Condition holdsValue, Field<String> keyId,
                                  Field<String> leftInPlain) {
        Walk(Table<R> table, Condition holdsValue, Field<String> keyId) {
            this(table, holdsValue, keyId, null);
        }

        List<TableField<R, ?>> key() {
            return table.getPrimaryKey().getFields();
        }

        /** The rows to rewrite for the rotation to {@code currentKeyId}, as the batch's query selects them. */
        Condition toRewrite(String currentKeyId) {
            Condition underOtherKey = keyId.ne(currentKeyId);
            return leftInPlain == null ? underOtherKey : underOtherKey.or(leftInPlain.isNotNull());
        }

        /** As {@link #toRewrite}, of a row of the window: a key id of NULL is not another key. */
        boolean toRewrite(Record row, String currentKeyId) {
            String rowKeyId = row.get(keyId);
            return rowKeyId != null && !currentKeyId.equals(rowKeyId)
                    || leftInPlain != null && row.get(leftInPlain) != null;
        }
    }

    /** V11__reencryption_reads_only_values.sql: callback_inbox_unerased. */
    static final Walk<CallbackInboxRecord> CALLBACKS_WALK = new Walk<>(CALLBACK_INBOX,
            CALLBACK_INBOX.BODY_ERASED_AT.isNull(), CALLBACK_INBOX.DATA_KEY_ID);
    /**
     * V11__reencryption_reads_only_values.sql: submissions_with_personal_data. A fingerprint in plain is only ever
     * held beside personal data: V8 emptied the column of the purged rows, and a purge empties it.
     */
    static final Walk<SubmissionsRecord> SUBMISSIONS_WALK = new Walk<>(SUBMISSIONS,
            SUBMISSIONS.PERSONAL.isNotNull(), SUBMISSIONS.DATA_KEY_ID, SUBMISSIONS.REQUEST_FINGERPRINT);
    /** V11__reencryption_reads_only_values.sql: submission_documents_with_upload_url. */
    static final Walk<SubmissionDocumentsRecord> DOCUMENTS_WALK = new Walk<>(SUBMISSION_DOCUMENTS,
            SUBMISSION_DOCUMENTS.UPLOAD_URL.isNotNull(), SUBMISSION_DOCUMENTS.DATA_KEY_ID);
    /** Only images waiting for their upload: every row holds a value, and the table is small. */
    static final Walk<StagedDocumentsRecord> STAGED_WALK = new Walk<>(STAGED_DOCUMENTS, DSL.noCondition(),
            STAGED_DOCUMENTS.DATA_KEY_ID);

    /**
     * The keys and key ids of the next {@code limit} rows of {@code walk} that hold a value, after the row whose
     * key is {@code after} (from the first if null), in the key's order.
     */
    static Select<Record> window(DSLContext ctx, Walk<?> walk, List<Object> after, int limit) {
        List<Field<?>> columns = new ArrayList<>(walk.key());
        columns.add(walk.keyId());
        if (walk.leftInPlain() != null) {
            columns.add(walk.leftInPlain());
        }
        return ctx.select(columns).from(walk.table())
                .where(walk.holdsValue().and(after == null ? DSL.noCondition() : after(walk.key(), after)))
                .orderBy(walk.key())
                .limit(limit);
    }

    /**
     * The rows of {@code walk} that hold a value under another key than {@code keyId}, after {@code after} (from the
     * first if null) and up to {@code end}, in the key's order: a window, read again to be locked.
     */
    static <R extends Record> SelectLimitStep<R> batch(DSLContext ctx, Walk<R> walk, String keyId, List<Object> after,
                                                       List<Object> end) {
        Condition range = after == null ? DSL.noCondition() : after(walk.key(), after);
        return ctx.selectFrom(walk.table())
                .where(walk.holdsValue().and(walk.toRewrite(keyId)).and(range).and(notAfter(walk.key(), end)))
                .orderBy(walk.key());
    }

    private static List<Object> keyOf(List<? extends Field<?>> key, Record row) {
        return key.stream().<Object>map(row::get).toList();
    }

    /** The rows whose primary key comes after {@code values}, in the key's order. */
    private static Condition after(List<? extends TableField<?, ?>> key, List<Object> values) {
        return DSL.row(key).gt(DSL.row(values(key, values)));
    }

    /** The rows whose primary key is {@code values} or comes before it. */
    private static Condition notAfter(List<? extends TableField<?, ?>> key, List<Object> values) {
        return DSL.row(key).le(DSL.row(values(key, values)));
    }

    @SuppressWarnings("unchecked")
    private static List<Field<?>> values(List<? extends TableField<?, ?>> key, List<Object> values) {
        List<Field<?>> fields = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            fields.add(DSL.val(values.get(i), (Field<Object>) key.get(i)));
        }
        return fields;
    }

    /**
     * On SQLite, leaves the database free after a batch for as long as the batch took, its wait for the lock
     * included. The service (its own process) waits for the file's write lock in SQLite's busy handler, which looks
     * again only now and then (every 100 ms once it has waited a while): with the batches' transactions back to back
     * it rarely found the lock free, and its writes waited for seconds, near the 10 s busy timeout after which they
     * fail. Free at least half of the time, the lock is soon found free; and the longer the others hold it, the
     * longer the rotation stands back. On PostgreSQL a batch locks only its own rows.
     */
    private void letOtherWritersIn(long tookNanos) {
        if (database.isPostgres()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(tookNanos);
        } catch (InterruptedException e) {
            // The rotation goes on without pausing; the caller finds the thread interrupted.
            Thread.currentThread().interrupt();
        }
    }

    private static String checkContext(String keyId) {
        return "data_key_checks.check_value|" + keyId;
    }
}
