package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.onekycbridge.adapter.persistence.schema.tables.records.CallbackInboxRecord;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackInbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.SQLDataType;

/**
 * The callback inbox: bodies encrypted, bound to their entry id; duplicates found by an HMAC of the body under
 * a key derived from the data key, computed under every key of the ring so that a rotation does not hide an
 * earlier copy. Only entries stored by {@link #append} can be the original of a duplicate (their
 * {@code dedup_mac} is set, whatever their state since); bodies stored as rejected on arrival never are.
 */
final class JooqCallbackInbox implements CallbackInbox {
    /** Literals, not bind values, so that SQLite can use the partial index of claimable entries. */
    private static final List<Field<String>> CLAIMABLE = List.of(inline(InboxState.PENDING.name()),
            inline(InboxState.PARKED.name()));

    private final Database database;
    private final Ciphers ciphers;

    JooqCallbackInbox(Database database, Ciphers ciphers) {
        this.database = database;
        this.ciphers = ciphers;
    }

    @Override
    public InboxAppend append(CallbackChannel channel, String body, Instant receivedAt) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        DataCipher cipher = ciphers.current();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> macs = cipher.macsUnderEveryKey(bytes);
        try {
            return database.write("storing a callback", ctx -> {
                Long earlier = earlierCopy(ctx, channel, macs);
                if (earlier != null) {
                    return new InboxAppend(earlier, true);
                }
                long id = insert(ctx, cipher, channel, bytes, macs.get(0), receivedAt, InboxState.PENDING, receivedAt,
                        null, true);
                return new InboxAppend(id, false);
            });
        } catch (PersistenceException e) {
            if (e.isConstraintViolation()) {
                // Another instance stored the same body between our look and our insert.
                Long earlier = database.read("storing a callback", ctx -> earlierCopy(ctx, channel, macs));
                if (earlier != null) {
                    return new InboxAppend(earlier, true);
                }
            }
            throw e;
        }
    }

    @Override
    public long appendRejected(CallbackChannel channel, String body, Instant receivedAt, String reason) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        DataCipher cipher = ciphers.current();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String mac = cipher.mac(bytes);
        return database.write("storing a rejected callback", ctx -> insert(ctx, cipher, channel, bytes, mac,
                receivedAt, InboxState.REJECTED, null, reason, false));
    }

    @Override
    public List<InboxEntry> claimDue(Instant now, Instant leaseUntil, int limit) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        // The callback worker's rounds mostly find nothing due: a read says so without queueing for the writer.
        if (database.read("claiming callbacks", ctx -> !ctx.fetchExists(dueIds(ctx, now, limit)))) {
            return List.of();
        }
        Map<Long, CallbackInboxRecord> rows = new HashMap<>();
        List<Long> ids = database.write("claiming callbacks", ctx -> {
            SelectForUpdateStep<Record1<Long>> due = dueIds(ctx, now, limit);
            List<Long> claimed = (database.isPostgres() ? due.forUpdate().skipLocked() : due)
                    .fetch(CALLBACK_INBOX.ID);
            if (claimed.isEmpty()) {
                return claimed;
            }
            ctx.update(CALLBACK_INBOX).set(CALLBACK_INBOX.LEASE_UNTIL, leaseUntil)
                    .where(CALLBACK_INBOX.ID.in(claimed)).execute();
            ctx.selectFrom(CALLBACK_INBOX).where(CALLBACK_INBOX.ID.in(claimed)).fetch()
                    .forEach(row -> rows.put(row.getId(), row));
            return claimed;
        });
        // Bodies are decrypted after the commit, outside the one writer's turn.
        return ids.stream().map(id -> entry(rows.get(id))).toList();
    }

    static SelectForUpdateStep<Record1<Long>> dueIds(DSLContext ctx, Instant now, int limit) {
        return ctx.select(CALLBACK_INBOX.ID).from(CALLBACK_INBOX)
                .where(CALLBACK_INBOX.STATE.in(CLAIMABLE))
                .and(CALLBACK_INBOX.NEXT_ATTEMPT_AT.le(now))
                .and(CALLBACK_INBOX.LEASE_UNTIL.isNull().or(CALLBACK_INBOX.LEASE_UNTIL.le(now)))
                .orderBy(CALLBACK_INBOX.RECEIVED_AT, CALLBACK_INBOX.ID)
                .limit(limit);
    }

    @Override
    public void markApplied(long entryId, Instant now) {
        finish(entryId, "marking a callback applied", ctx -> ctx.update(CALLBACK_INBOX)
                .set(CALLBACK_INBOX.STATE, InboxState.APPLIED.name())
                .set(CALLBACK_INBOX.ATTEMPTS, CALLBACK_INBOX.ATTEMPTS.plus(1))
                .setNull(CALLBACK_INBOX.NEXT_ATTEMPT_AT)
                .setNull(CALLBACK_INBOX.LAST_ERROR)
                .setNull(CALLBACK_INBOX.LEASE_UNTIL)
                .set(CALLBACK_INBOX.PROCESSED_AT, now)
                .where(CALLBACK_INBOX.ID.eq(entryId))
                .execute());
    }

    @Override
    public void park(long entryId, String reason, Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt");
        finish(entryId, "parking a callback", ctx -> ctx.update(CALLBACK_INBOX)
                .set(CALLBACK_INBOX.STATE, InboxState.PARKED.name())
                .set(CALLBACK_INBOX.ATTEMPTS, CALLBACK_INBOX.ATTEMPTS.plus(1))
                .set(CALLBACK_INBOX.NEXT_ATTEMPT_AT, retryAt)
                .set(CALLBACK_INBOX.LAST_ERROR, reason)
                .setNull(CALLBACK_INBOX.LEASE_UNTIL)
                .where(CALLBACK_INBOX.ID.eq(entryId))
                .execute());
    }

    @Override
    public void reject(long entryId, String reason, Instant now) {
        finish(entryId, "rejecting a callback", ctx -> ctx.update(CALLBACK_INBOX)
                .set(CALLBACK_INBOX.STATE, InboxState.REJECTED.name())
                .set(CALLBACK_INBOX.ATTEMPTS, CALLBACK_INBOX.ATTEMPTS.plus(1))
                .setNull(CALLBACK_INBOX.NEXT_ATTEMPT_AT)
                .set(CALLBACK_INBOX.LAST_ERROR, reason)
                .setNull(CALLBACK_INBOX.LEASE_UNTIL)
                .set(CALLBACK_INBOX.PROCESSED_AT, now)
                .where(CALLBACK_INBOX.ID.eq(entryId))
                .execute());
    }

    @Override
    public Map<InboxState, Long> countByState() {
        Map<InboxState, Long> counts = new EnumMap<>(InboxState.class);
        database.read("counting callbacks", ctx -> ctx.select(CALLBACK_INBOX.STATE, count()).from(CALLBACK_INBOX)
                .groupBy(CALLBACK_INBOX.STATE).fetch())
                .forEach(row -> counts.put(InboxState.valueOf(row.value1()), row.value2().longValue()));
        return counts;
    }

    // ---- internals ----

    private void finish(long entryId, String operation, java.util.function.Function<DSLContext, Integer> update) {
        int updated = database.write(operation, update);
        if (updated == 0) {
            throw new IllegalArgumentException("no callback inbox entry " + entryId);
        }
    }

    private static Long earlierCopy(DSLContext ctx, CallbackChannel channel, List<String> macs) {
        return ctx.select(CALLBACK_INBOX.ID).from(CALLBACK_INBOX)
                .where(CALLBACK_INBOX.CHANNEL.eq(channel.name()).and(CALLBACK_INBOX.DEDUP_MAC.in(macs)))
                .orderBy(CALLBACK_INBOX.ID)
                .limit(1)
                .fetchOne(CALLBACK_INBOX.ID);
    }

    private long insert(DSLContext ctx, DataCipher cipher, CallbackChannel channel, byte[] body, String mac,
                        Instant receivedAt, InboxState state, Instant nextAttemptAt, String lastError,
                        boolean deduplicated) {
        long id = nextId(ctx);
        DataCipher.Sealed sealed = cipher.seal(body, context(id));
        CallbackInboxRecord row = new CallbackInboxRecord();
        row.setId(id);
        row.setChannel(channel.name());
        row.setBody(sealed.bytes());
        row.setBodyMac(mac);
        row.setDedupMac(deduplicated ? mac : null);
        row.setReceivedAt(receivedAt);
        row.setState(state.name());
        row.setAttempts(0);
        row.setNextAttemptAt(nextAttemptAt);
        row.setLastError(lastError);
        row.setDataKeyId(sealed.keyId());
        ctx.insertInto(CALLBACK_INBOX).set(row).execute();
        return id;
    }

    /**
     * The id of the entry about to be inserted, known before the insert so that the body's ciphertext can be
     * bound to it. PostgreSQL: the identity's sequence. SQLite: one past the highest id ever given (AUTOINCREMENT
     * keeps it in sqlite_sequence, explicit ids included), read inside the write transaction that holds the
     * database's only write lock.
     */
    private long nextId(DSLContext ctx) {
        if (database.isPostgres()) {
            return ctx.fetchOne("select nextval(pg_get_serial_sequence('callback_inbox', 'id'))").get(0, Long.class);
        }
        Long highest = ctx.select(field(name("seq"), SQLDataType.BIGINT)).from(table(name("sqlite_sequence")))
                .where(field(name("name"), SQLDataType.VARCHAR).eq("callback_inbox"))
                .fetchOne(0, Long.class);
        return (highest == null ? 0 : highest) + 1;
    }

    private InboxEntry entry(CallbackInboxRecord row) {
        String body = ciphers.current().openString(row.getDataKeyId(), row.getBody(), context(row.getId()));
        return new InboxEntry(row.getId(), CallbackChannel.valueOf(row.getChannel()), body, row.getReceivedAt(),
                InboxState.valueOf(row.getState()), row.getAttempts(), row.getNextAttemptAt(), row.getLastError());
    }

    static String context(long entryId) {
        return "callback_inbox.body|" + entryId;
    }
}
