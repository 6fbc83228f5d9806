package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static dev.onekycbridge.adapter.persistence.schema.Tables.DATA_KEY_CHECKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENT_CHUNKS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSIONS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSION_DOCUMENTS;

import dev.onekycbridge.adapter.persistence.ReencryptionReport.UnreadableValue;
import dev.onekycbridge.adapter.persistence.schema.tables.records.DataKeyChecksRecord;
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
                byte[] opened = cipher.open(check.getKeyId(), check.getCheckValue(), checkContext(check.getKeyId()));
                if (!MessageDigest.isEqual(opened, CHECK_PLAINTEXT)) {
                    throw new DataKeyMismatchException("the data key does not match: key '" + check.getKeyId()
                            + "' opens its check value to something else", check.getKeyId());
                }
            }
        }
        return checks;
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
        long submissions = rewriteAll("re-encrypting submissions", SUBMISSIONS,
                SUBMISSIONS.PERSONAL.isNotNull().and(SUBMISSIONS.DATA_KEY_ID.ne(keyId)), BATCH, unreadable,
                (ctx, row) -> {
                    String context = JooqSubmissionStore.personalContext(row.getId());
                    DataCipher.Sealed sealed = next.seal(next.open(row.getDataKeyId(), row.getPersonal(), context),
                            context);
                    ctx.update(SUBMISSIONS)
                            .set(SUBMISSIONS.PERSONAL, sealed.bytes()).set(SUBMISSIONS.DATA_KEY_ID, sealed.keyId())
                            .where(SUBMISSIONS.ID.eq(row.getId()))
                            .execute();
                });
        long documents = rewriteAll("re-encrypting document URLs", SUBMISSION_DOCUMENTS,
                SUBMISSION_DOCUMENTS.UPLOAD_URL.isNotNull().and(SUBMISSION_DOCUMENTS.DATA_KEY_ID.ne(keyId)), BATCH,
                unreadable,
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
        long staged = rewriteAll("re-encrypting staged images", STAGED_DOCUMENTS,
                STAGED_DOCUMENTS.DATA_KEY_ID.ne(keyId), 8, unreadable,
                (ctx, row) -> JooqStagedDocuments.reencrypt(ctx, next, row));
        // An erased body has nothing to re-encrypt; its digests stay under the key that made them.
        long callbacks = rewriteAll("re-encrypting callbacks", CALLBACK_INBOX,
                CALLBACK_INBOX.DATA_KEY_ID.ne(keyId).and(CALLBACK_INBOX.BODY_ERASED_AT.isNull()), BATCH, unreadable,
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
     * Rewrites the rows of {@code table} that {@code left} selects, {@code batch} at a time, each batch locked in a
     * transaction of its own, until none is left. Returns how many it rewrote. The table is walked in the order of
     * its primary key, each batch starting after the last row of the one before, so that a batch reads its rows
     * through the key's index instead of scanning the table again for the few it wants (the filter is on columns
     * no index holds). A pass that reaches the end while rows are left (written under the old key behind it, by an
     * instance still on it; on PostgreSQL, rows another transaction held as the pass went by) is followed by
     * another. A row whose value cannot be decrypted (damaged, or under a key not configured) is added to
     * {@code unreadable} by its primary key and passed over: one such row must not keep the rotation from moving
     * the others.
     */
    private <R extends Record> long rewriteAll(String operation, Table<R> table, Condition left, int batch,
                                               List<UnreadableValue> unreadable, BiConsumer<DSLContext, R> rewrite) {
        List<TableField<R, ?>> key = table.getPrimaryKey().getFields();
        // Kept here, not in the query: one condition per such row would outgrow SQLite's expression depth (1,000).
        Set<List<Object>> passedOver = new HashSet<>();
        R last = null;
        long rewritten = 0;
        while (true) {
            Condition ahead = last == null ? left : left.and(after(key, last));
            List<R> failed = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            long began = System.nanoTime();
            Result<R> locked = database.write(operation, ctx -> {
                failed.clear();
                reasons.clear();
                done.set(0);
                Result<R> rows = LockedRows.lock(ctx, () -> ctx.selectFrom(table).where(ahead).orderBy(key), batch);
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
                unreadable.add(new UnreadableValue(table.getName(), key.stream()
                        .map(field -> String.valueOf(row.get(field))).collect(Collectors.joining("/")),
                        reasons.get(i)));
            }
            if (locked.isNotEmpty()) {
                last = locked.get(locked.size() - 1);
            } else if (database.read(operation, ctx -> ctx.select(key).from(table).where(left).fetch()).stream()
                    .anyMatch(row -> !passedOver.contains(keyOf(key, row)))) {
                last = null;
            } else {
                return rewritten;
            }
            letOtherWritersIn(took);
        }
    }

    private static List<Object> keyOf(List<? extends Field<?>> key, Record row) {
        return key.stream().<Object>map(row::get).toList();
    }

    /** The rows whose primary key comes after {@code row}'s, in the key's order. */
    private static <R extends Record> Condition after(List<TableField<R, ?>> key, R row) {
        return DSL.row(key).gt(DSL.row(key.stream().map(field -> DSL.val(row.get(field), field)).toList()));
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
