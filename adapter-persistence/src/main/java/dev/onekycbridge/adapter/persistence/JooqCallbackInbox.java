package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;

import dev.onekycbridge.adapter.persistence.schema.EpochNanosConverter;
import dev.onekycbridge.adapter.persistence.schema.tables.records.CallbackInboxRecord;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackInbox;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
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

/**
 * The callback inbox: bodies encrypted, bound to their entry id; duplicates found by an HMAC of the body under
 * a key derived from the data key, computed under every key of the ring so that a rotation does not hide an
 * earlier copy. Only entries stored by {@link #append} can be the original of a duplicate (their
 * {@code dedup_mac} is set, whatever their state since); bodies stored as rejected on arrival never are.
 */
final class JooqCallbackInbox implements CallbackInbox {
    /**
     * Inlined, not bound: the partial index callback_inbox_due serves the claim only when the query's condition
     * provably implies the index's, which a bind parameter never does.
     */
    private static final List<Field<String>> CLAIMABLE = List.of(inline(InboxState.PENDING.name()),
            inline(InboxState.PARKED.name()));

    private static final String INSERT = "insert into callback_inbox (id, channel, body, body_mac, dedup_mac,"
            + " received_at, state, attempts, next_attempt_at, last_error, data_key_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) on conflict (channel, dedup_mac) do nothing";
    private static final String NEXT_ID_SQLITE = "select seq from sqlite_sequence where name = 'callback_inbox'";
    private static final String NEXT_ID_POSTGRES = "select nextval(pg_get_serial_sequence('callback_inbox', 'id'))";
    private static final EpochNanosConverter NANOS = new EpochNanosConverter();

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
        String mac = macs.get(0);
        List<String> previousKeysMacs = macs.subList(1, macs.size());
        return database.write("storing a callback", ctx -> {
            // A copy stored before a key rotation has the mac of an older key (none without rotation).
            Long earlier = previousKeysMacs.isEmpty() ? null : earlierCopy(ctx, channel, previousKeysMacs);
            if (earlier != null) {
                return new InboxAppend(earlier, true);
            }
            long id = nextId(ctx);
            DataCipher.Sealed sealed = cipher.seal(bytes, context(id));
            if (insert(ctx, id, channel, sealed, mac, mac, receivedAt, InboxState.PENDING, receivedAt, null)) {
                return new InboxAppend(id, false);
            }
            // The insert found a copy under the current key (another instance's, possibly, stored a moment ago).
            return new InboxAppend(earlierCopy(ctx, channel, List.of(mac)), true);
        });
    }

    @Override
    public long appendRejected(CallbackChannel channel, String body, Instant receivedAt, String reason) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        DataCipher cipher = ciphers.current();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String mac = cipher.mac(bytes);
        return database.write("storing a rejected callback", ctx -> {
            long id = nextId(ctx);
            insert(ctx, id, channel, cipher.seal(bytes, context(id)), mac, null, receivedAt, InboxState.REJECTED,
                    null, reason);
            return id;
        });
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

    /** The ids of the entries a claim takes, read from the due index in its order: {@code limit} rows, not the backlog. */
    static SelectForUpdateStep<Record1<Long>> dueIds(DSLContext ctx, Instant now, int limit) {
        return ctx.select(CALLBACK_INBOX.ID).from(CALLBACK_INBOX)
                .where(CALLBACK_INBOX.STATE.in(CLAIMABLE))
                .and(CALLBACK_INBOX.NEXT_ATTEMPT_AT.le(now))
                .and(CALLBACK_INBOX.LEASE_UNTIL.isNull().or(CALLBACK_INBOX.LEASE_UNTIL.le(now)))
                .orderBy(CALLBACK_INBOX.NEXT_ATTEMPT_AT, CALLBACK_INBOX.ID)
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

    /**
     * Inserts an entry unless one of the same channel already has its {@code dedupMac}; whether it did. Plain
     * JDBC with a fixed statement, valid in both dialects: this runs once per callback on SQLite's one writer
     * thread, where building and rendering the statement with jOOQ cost more than executing it.
     */
    private static boolean insert(DSLContext ctx, long id, CallbackChannel channel, DataCipher.Sealed body,
                                  String bodyMac, String dedupMac, Instant receivedAt, InboxState state,
                                  Instant nextAttemptAt, String lastError) {
        return ctx.connectionResult(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setLong(1, id);
                insert.setString(2, channel.name());
                insert.setBytes(3, body.bytes());
                insert.setString(4, bodyMac);
                insert.setString(5, dedupMac);
                insert.setLong(6, NANOS.to(receivedAt));
                insert.setString(7, state.name());
                insert.setObject(8, NANOS.to(nextAttemptAt), Types.BIGINT);
                insert.setString(9, lastError);
                insert.setString(10, body.keyId());
                return insert.executeUpdate() == 1;
            }
        });
    }

    /**
     * The id of the entry about to be inserted, known before the insert so that the body's ciphertext can be
     * bound to it. PostgreSQL: the identity's sequence. SQLite: one past the highest id ever given (AUTOINCREMENT
     * keeps it in sqlite_sequence, explicit ids included), read in the write transaction of the database's one
     * writer.
     */
    private long nextId(DSLContext ctx) {
        String sql = database.isPostgres() ? NEXT_ID_POSTGRES : NEXT_ID_SQLITE;
        return ctx.connectionResult(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) + (database.isPostgres() ? 0 : 1) : 1;
            }
        });
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
