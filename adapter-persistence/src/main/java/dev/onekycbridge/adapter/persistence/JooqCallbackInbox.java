package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.CALLBACK_INBOX;
import static org.jooq.impl.DSL.count;

import dev.onekycbridge.adapter.persistence.schema.EpochNanosConverter;
import dev.onekycbridge.adapter.persistence.schema.tables.records.CallbackInboxRecord;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * The callback inbox: bodies encrypted, bound to their entry id; duplicates found by an HMAC of the body under
 * a key derived from the data key, computed under every key of the ring so that a rotation does not hide an
 * earlier copy. Only entries stored by {@link #append} can be the original of a duplicate (their
 * {@code dedup_mac} is set, whatever their state since); bodies stored as rejected on arrival never are.
 */
final class JooqCallbackInbox implements CallbackInbox {
    private static final String INSERT = "insert into callback_inbox (id, channel, body, body_mac, dedup_mac,"
            + " received_at, state, attempts, next_attempt_at, last_error, data_key_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) on conflict (channel, dedup_mac) do nothing";
    private static final String NEXT_ID_SQLITE = "select seq from sqlite_sequence where name = 'callback_inbox'";
    private static final String NEXT_ID_POSTGRES = "select nextval(pg_get_serial_sequence('callback_inbox', 'id'))";
    private static final EpochNanosConverter NANOS = new EpochNanosConverter();

    private static final List<Field<?>> COLUMNS = List.of(CALLBACK_INBOX.fields());
    private static final String LEASE = "UPDATE callback_inbox SET lease_until = ? WHERE id IN ";
    /** Extends a claim's lease, unless a later claim took the entry (it leased it until later) or it was settled. */
    private static final String RENEW = "UPDATE callback_inbox SET lease_until = ? WHERE id = ? AND lease_until = ?"
            + " AND state IN ('" + InboxState.PENDING.name() + "', '" + InboxState.PARKED.name() + "')";
    private static final String ENTRIES = RecordSql.select(CALLBACK_INBOX, "e", COLUMNS) + " WHERE e.id IN ";
    /**
     * The end of an attempt, of an entry still being processed: one that a worker settled after this attempt's
     * lease ran out (it took the entry over) stays settled. A processed time, once set, stays (a parked entry has
     * none yet).
     */
    private static final String FINISH = "UPDATE callback_inbox SET state = ?, attempts = attempts + 1,"
            + " next_attempt_at = ?, last_error = ?, lease_until = NULL,"
            + " processed_at = COALESCE(?, processed_at) WHERE id = ? AND state IN ('" + InboxState.PENDING.name()
            + "', '" + InboxState.PARKED.name() + "')";

    /** Parks an entry this instance cannot read, as FINISH does, but without counting an attempt. */
    private static final String PARK_UNREADABLE = "UPDATE callback_inbox SET state = '" + InboxState.PARKED.name()
            + "', next_attempt_at = ?, last_error = ?, lease_until = NULL WHERE id = ? AND state IN ('"
            + InboxState.PENDING.name() + "', '" + InboxState.PARKED.name() + "')";

    /**
     * Gives up on an entry whose body is damaged, as FINISH does for UNMATCHED, without counting an attempt: settled,
     * so that the retention purge erases its body.
     */
    private static final String GIVE_UP_DAMAGED = "UPDATE callback_inbox SET state = '" + InboxState.UNMATCHED.name()
            + "', next_attempt_at = NULL, last_error = ?, lease_until = NULL, processed_at = ? WHERE id = ?"
            + " AND state IN ('" + InboxState.PENDING.name() + "', '" + InboxState.PARKED.name() + "')";

    /** The states literal, as in the condition of the partial index callback_inbox_erasable (V6__retention.sql). */
    private static final String SETTLED_WITH_BODY = "body_erased_at IS NULL AND state IN ('"
            + InboxState.APPLIED.name() + "', '" + InboxState.REJECTED.name() + "', '" + InboxState.UNMATCHED.name()
            + "')";
    /**
     * Settled before the cutoff (bound twice, then the limit): when processed, or on arrival for a body stored as
     * rejected, which has no processed time. An entry is settled after it arrives, so those received before the
     * cutoff hold them all: the batch is read from the partial index callback_inbox_erasable, by arrival, passing
     * over the few that arrived before the cutoff and were settled after it (parked long).
     */
    static final String ERASABLE = "SELECT id FROM callback_inbox WHERE " + SETTLED_WITH_BODY
            + " AND received_at < ? AND COALESCE(processed_at, received_at) < ? ORDER BY received_at LIMIT ?";
    /** Re-checks the state: an entry cannot leave a settled state, but the statement does not rely on it. */
    private static final String ERASE = "UPDATE callback_inbox SET body = ?, body_erased_at = ? WHERE "
            + SETTLED_WITH_BODY + " AND id IN ";
    private static final byte[] ERASED = new byte[0];
    /**
     * The entries still to be applied, read through the partial index callback_inbox_due (its condition, with the
     * same literals): the settled entries kept for audit, however many, are not read.
     */
    static final String WAITING = "SELECT state, COUNT(*), MIN(next_attempt_at) FROM callback_inbox WHERE state IN ('"
            + InboxState.PENDING.name() + "', '" + InboxState.PARKED.name() + "') GROUP BY state";

    private static final System.Logger LOG = System.getLogger(JooqCallbackInbox.class.getName());

    private final Database database;
    private final Ciphers ciphers;
    private final UnreadableRows unreadableRows;
    /** How long after its arrival an entry whose body is damaged is kept parked, as the callback service's. */
    private final Duration matchWindow;

    JooqCallbackInbox(Database database, Ciphers ciphers, Duration matchWindow) {
        this(database, ciphers, matchWindow, new UnreadableRows("callback"));
    }

    private JooqCallbackInbox(Database database, Ciphers ciphers, Duration matchWindow,
                              UnreadableRows unreadableRows) {
        this.database = database;
        this.ciphers = ciphers;
        this.matchWindow = Objects.requireNonNull(matchWindow, "matchWindow");
        if (matchWindow.isNegative()) {
            throw new IllegalArgumentException("matchWindow must not be negative");
        }
        this.unreadableRows = unreadableRows;
    }

    /** This inbox, giving up on a damaged body {@code matchWindow} after its arrival. */
    JooqCallbackInbox withMatchWindow(Duration matchWindow) {
        return new JooqCallbackInbox(database, ciphers, matchWindow, unreadableRows);
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
        if (database.read("claiming callbacks", ctx -> dueIds(ctx, false, now, 1).isEmpty())) {
            return List.of();
        }
        List<CallbackInboxRecord> rows = database.write("claiming callbacks", ctx -> {
            List<Long> claimed = dueIds(ctx, database.isPostgres(), now, limit);
            if (claimed.isEmpty()) {
                return List.<CallbackInboxRecord>of();
            }
            return ctx.connectionResult(connection -> {
                String ids = RecordSql.parameters(claimed.size());
                try (PreparedStatement update = connection.prepareStatement(LEASE + ids)) {
                    RecordSql.bind(update, 1, CALLBACK_INBOX.LEASE_UNTIL, leaseUntil);
                    RecordSql.bindAll(update, 2, claimed);
                    update.executeUpdate();
                }
                Map<Long, CallbackInboxRecord> found = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement(ENTRIES + ids)) {
                    RecordSql.bindAll(select, 1, claimed);
                    try (ResultSet entries = select.executeQuery()) {
                        while (entries.next()) {
                            CallbackInboxRecord row = RecordSql.read(entries, 1, new CallbackInboxRecord(), COLUMNS);
                            found.put(row.getId(), row);
                        }
                    }
                }
                return claimed.stream().map(found::get).toList();
            });
        });
        // Bodies are decrypted after the commit, outside the one writer's turn, each on its own: one this
        // instance cannot read is parked until the lease would have ended (or, damaged past its match window,
        // given up on), the others are returned. Nothing in entry() reaches the database, so what fails there is
        // the row's (its key not configured here, or a value damaged) and must not cost the rest of the batch.
        List<InboxEntry> entries = new ArrayList<>(rows.size());
        for (CallbackInboxRecord row : rows) {
            try {
                entries.add(entry(row));
            } catch (RuntimeException e) {
                if (isDamaged(e) && !now.isBefore(row.getReceivedAt().plus(matchWindow))) {
                    giveUpDamaged(row.getId(), e, now);
                } else {
                    parkUnreadable(row.getId(), e, leaseUntil);
                }
            }
        }
        return entries;
    }

    /**
     * A body its configured key does not open: no instance reads it until it is repaired. One under a key not
     * configured here is not: another instance, or this one once configured, reads it.
     */
    private static boolean isDamaged(RuntimeException e) {
        return e instanceof StoredDataUnreadableException unreadable
                && unreadable.kind() == StoredDataUnreadableException.Kind.DAMAGED;
    }

    /**
     * Keeps an entry whose body is still damaged once its match window has passed as UNMATCHED, as the callback
     * service keeps one about a damaged submission: parked for good, its body (KTP data, image URLs) would outlive
     * the retention purge, which erases the bodies of settled entries only.
     */
    private void giveUpDamaged(long entryId, RuntimeException e, Instant now) {
        String reason = "its body could not be read (damaged) until " + matchWindow + " after its arrival: "
                + UnreadableRows.reason(e);
        LOG.log(System.Logger.Level.WARNING, "callback " + entryId + " is kept as unmatched: " + reason);
        database.write("giving up on a damaged callback", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(GIVE_UP_DAMAGED)) {
                update.setString(1, reason);
                RecordSql.bind(update, 2, CALLBACK_INBOX.PROCESSED_AT, now);
                update.setLong(3, entryId);
                return update.executeUpdate();
            }
        }));
    }

    /**
     * Parks an entry whose body this instance cannot decrypt (in a rolling key rotation, stored under the new key
     * by an instance restarted with it), without counting an attempt: it is not the callback's fault, and it
     * becomes readable here once the key is configured, or is taken by an instance that has it. A damaged entry is
     * parked the same way while its match window lasts, so that it is neither retried with every batch nor given
     * up on while it may be repaired.
     */
    private void parkUnreadable(long entryId, RuntimeException e, Instant retryAt) {
        unreadableRows.warn(String.valueOf(entryId), e, "it is parked until " + retryAt);
        database.write("parking a callback", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(PARK_UNREADABLE)) {
                RecordSql.bind(update, 1, CALLBACK_INBOX.NEXT_ATTEMPT_AT, retryAt);
                update.setString(2, "its body cannot be read here: " + UnreadableRows.reason(e));
                update.setLong(3, entryId);
                return update.executeUpdate();
            }
        }));
    }

    /** Up to {@code limit} entries due and not leased, longest due first; locked and skipping locked rows. */
    private static List<Long> dueIds(DSLContext ctx, boolean lock, Instant now, int limit) {
        return ctx.connectionResult(connection -> {
            List<Long> ids = new ArrayList<>(limit);
            try (PreparedStatement select = connection.prepareStatement(dueIdsSql(lock))) {
                long nanos = NANOS.to(now);
                select.setLong(1, nanos);
                select.setLong(2, nanos);
                select.setInt(3, limit);
                try (ResultSet due = select.executeQuery()) {
                    while (due.next()) {
                        ids.add(due.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * The claimable entries as SQL, read from the due index in its order ({@code limit} rows, not the backlog);
     * binds the time twice, then the limit. The states are literals, as in the index's condition.
     */
    static String dueIdsSql(boolean lock) {
        return "SELECT id FROM callback_inbox WHERE state IN ('" + InboxState.PENDING.name() + "', '"
                + InboxState.PARKED.name() + "') AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT ?"
                + (lock ? " FOR UPDATE SKIP LOCKED" : "");
    }

    @Override
    public boolean renewLease(long entryId, Instant leasedUntil, Instant leaseUntil) {
        Objects.requireNonNull(leasedUntil, "leasedUntil");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        return database.write("renewing the lease of a callback", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(RENEW)) {
                RecordSql.bind(update, 1, CALLBACK_INBOX.LEASE_UNTIL, leaseUntil);
                update.setLong(2, entryId);
                RecordSql.bind(update, 3, CALLBACK_INBOX.LEASE_UNTIL, leasedUntil);
                return update.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public void markApplied(long entryId, Instant now) {
        finish(entryId, "marking a callback applied", InboxState.APPLIED, null, null, now);
    }

    @Override
    public void park(long entryId, String reason, Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt");
        finish(entryId, "parking a callback", InboxState.PARKED, retryAt, reason, null);
    }

    @Override
    public void markUnmatched(long entryId, String reason, Instant now) {
        finish(entryId, "giving up on matching a callback", InboxState.UNMATCHED, null, reason, now);
    }

    @Override
    public void reject(long entryId, String reason, Instant now) {
        finish(entryId, "rejecting a callback", InboxState.REJECTED, null, reason, now);
    }

    /**
     * Empties the bodies in place. body_mac and dedup_mac stay: an HMAC of the body under a key derived from the
     * data key, which tells nothing of the body without that key, and which keeps a later identical body a
     * duplicate of the erased entry. On SQLite (secure_delete) the bytes the shorter row no longer uses are
     * overwritten with zeros, in the database file once the WAL is checkpointed. Which entries: see
     * {@link #ERASABLE}.
     */
    @Override
    public int eraseSettledBodies(Instant settledBefore, int limit) {
        Objects.requireNonNull(settledBefore, "settledBefore");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return 0;
        }
        long erasedAt = NANOS.to(Instant.now());
        return database.write("erasing callback bodies", ctx -> ctx.connectionResult(connection -> {
            List<Long> ids = new ArrayList<>(limit);
            try (PreparedStatement select = connection.prepareStatement(ERASABLE)) {
                long cutoff = NANOS.to(settledBefore);
                select.setLong(1, cutoff);
                select.setLong(2, cutoff);
                select.setInt(3, limit);
                try (ResultSet erasable = select.executeQuery()) {
                    while (erasable.next()) {
                        ids.add(erasable.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement erase = connection.prepareStatement(ERASE + RecordSql.parameters(ids.size()))) {
                erase.setBytes(1, ERASED);
                erase.setLong(2, erasedAt);
                RecordSql.bindAll(erase, 3, ids);
                return erase.executeUpdate();
            }
        }));
    }

    @Override
    public Map<InboxState, Long> countByState() {
        Map<InboxState, Long> counts = new EnumMap<>(InboxState.class);
        database.read("counting callbacks", ctx -> ctx.select(CALLBACK_INBOX.STATE, count()).from(CALLBACK_INBOX)
                .groupBy(CALLBACK_INBOX.STATE).fetch())
                .forEach(row -> counts.put(InboxState.valueOf(row.value1()), row.value2().longValue()));
        return counts;
    }

    @Override
    public InboxBacklog waiting() {
        return database.read("counting waiting callbacks", ctx -> ctx.connectionResult(connection -> {
            long pending = 0;
            long parked = 0;
            Long earliest = null;
            try (PreparedStatement select = connection.prepareStatement(WAITING);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1).equals(InboxState.PENDING.name())) {
                        pending = rows.getLong(2);
                    } else {
                        parked = rows.getLong(2);
                    }
                    long due = rows.getLong(3);
                    earliest = earliest == null ? due : Math.min(earliest, due);
                }
            }
            return new InboxBacklog(pending, parked, earliest == null ? null : NANOS.from(earliest));
        }));
    }

    // ---- internals ----


    /** Ends an attempt: the entry's new state, when it is due next (or never), why, and when it was done. */
    private void finish(long entryId, String operation, InboxState state, Instant nextAttemptAt, String lastError,
                        Instant processedAt) {
        int updated = database.write(operation, ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(FINISH)) {
                update.setString(1, state.name());
                RecordSql.bind(update, 2, CALLBACK_INBOX.NEXT_ATTEMPT_AT, nextAttemptAt);
                update.setString(3, lastError);
                RecordSql.bind(update, 4, CALLBACK_INBOX.PROCESSED_AT, processedAt);
                update.setLong(5, entryId);
                return update.executeUpdate();
            }
        }));
        if (updated == 0 && database.read(operation, ctx -> ctx.fetchCount(CALLBACK_INBOX,
                CALLBACK_INBOX.ID.eq(entryId))) == 0) {
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
