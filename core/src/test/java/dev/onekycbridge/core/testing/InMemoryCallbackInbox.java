package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackInbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The callback inbox in memory. Thread-safe. */
public final class InMemoryCallbackInbox implements CallbackInbox {
    private final Map<Long, InboxEntry> entries = new TreeMap<>();
    private final Map<Long, Instant> leases = new HashMap<>();
    /** A digest of the body of each entry stored by append, as the stores keep a keyed one: it finds duplicates. */
    private final Map<Long, String> digests = new HashMap<>();
    private final Set<Long> erased = new HashSet<>();
    /** When each settled entry was settled: applied, given up on or rejected, or stored as rejected. */
    private final Map<Long, Instant> settledAt = new HashMap<>();
    private long nextId = 1;

    @Override
    public synchronized InboxAppend append(CallbackChannel channel, String body, Instant receivedAt) {
        String digest = digest(body);
        for (InboxEntry entry : entries.values()) {
            if (entry.channel() == channel && digest.equals(digests.get(entry.id()))) {
                return new InboxAppend(entry.id(), true);
            }
        }
        long id = nextId++;
        digests.put(id, digest);
        entries.put(id, new InboxEntry(id, channel, body, receivedAt, InboxState.PENDING, 0, receivedAt, null));
        return new InboxAppend(id, false);
    }

    @Override
    public synchronized long appendRejected(CallbackChannel channel, String body, Instant receivedAt, String reason) {
        long id = nextId++;
        entries.put(id, new InboxEntry(id, channel, body, receivedAt, InboxState.REJECTED, 0, null, reason));
        settledAt.put(id, receivedAt);
        return id;
    }

    @Override
    public synchronized List<InboxEntry> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<InboxEntry> due = entries.values().stream()
                .filter(e -> e.state() == InboxState.PENDING || e.state() == InboxState.PARKED)
                .filter(e -> e.nextAttemptAt() != null && !e.nextAttemptAt().isAfter(now))
                .filter(e -> {
                    Instant lease = leases.get(e.id());
                    return lease == null || !lease.isAfter(now);
                })
                .sorted(Comparator.comparing(InboxEntry::nextAttemptAt).thenComparing(InboxEntry::id))
                .limit(limit)
                .toList();
        due.forEach(e -> leases.put(e.id(), leaseUntil));
        return due;
    }

    @Override
    public synchronized boolean renewLease(long entryId, Instant leasedUntil, Instant leaseUntil) {
        InboxEntry e = entries.get(entryId);
        if (e == null || (e.state() != InboxState.PENDING && e.state() != InboxState.PARKED)
                || !leasedUntil.equals(leases.get(entryId))) {
            return false;
        }
        leases.put(entryId, leaseUntil);
        return true;
    }

    @Override
    public synchronized void markApplied(long entryId, Instant now) {
        finish(entryId, InboxState.APPLIED, null, null, now);
    }

    @Override
    public synchronized void park(long entryId, String reason, Instant retryAt) {
        finish(entryId, InboxState.PARKED, retryAt, reason, null);
    }

    @Override
    public synchronized void markUnmatched(long entryId, String reason, Instant now) {
        finish(entryId, InboxState.UNMATCHED, null, reason, now);
    }

    @Override
    public synchronized void reject(long entryId, String reason, Instant now) {
        finish(entryId, InboxState.REJECTED, null, reason, now);
    }

    /**
     * Ends an attempt, as the stores do: the new state, when it is due next (or never), why, and when it settled
     * (null: it did not); the lease goes.
     */
    private void finish(long entryId, InboxState state, Instant nextAttemptAt, String reason, Instant settled) {
        InboxEntry e = entries.get(entryId);
        if (e == null) {
            throw new IllegalArgumentException("no callback inbox entry " + entryId);
        }
        if (e.state() != InboxState.PENDING && e.state() != InboxState.PARKED) {
            return;
        }
        entries.put(entryId, new InboxEntry(e.id(), e.channel(), e.body(), e.receivedAt(), state,
                e.attempts() + 1, nextAttemptAt, reason));
        if (settled != null) {
            settledAt.put(entryId, settled);
        }
        leases.remove(entryId);
    }

    @Override
    public synchronized int eraseSettledBodies(Instant settledBefore, int limit) {
        List<InboxEntry> erasable = entries.values().stream()
                .filter(e -> e.state() == InboxState.APPLIED || e.state() == InboxState.REJECTED
                        || e.state() == InboxState.UNMATCHED)
                .filter(e -> settledAt.get(e.id()).isBefore(settledBefore) && !erased.contains(e.id()))
                .limit(limit)
                .toList();
        for (InboxEntry e : erasable) {
            entries.put(e.id(), new InboxEntry(e.id(), e.channel(), "", e.receivedAt(), e.state(), e.attempts(),
                    e.nextAttemptAt(), e.lastError()));
            erased.add(e.id());
        }
        return erasable.size();
    }

    /** Whether the entry's body was erased. */
    public synchronized boolean isErased(long entryId) {
        return erased.contains(entryId);
    }

    @Override
    public synchronized Map<InboxState, Long> countByState() {
        Map<InboxState, Long> counts = new EnumMap<>(InboxState.class);
        entries.values().forEach(e -> counts.merge(e.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized InboxBacklog waiting() {
        List<InboxEntry> waiting = entries.values().stream()
                .filter(e -> e.state() == InboxState.PENDING || e.state() == InboxState.PARKED).toList();
        return new InboxBacklog(waiting.stream().filter(e -> e.state() == InboxState.PENDING).count(),
                waiting.stream().filter(e -> e.state() == InboxState.PARKED).count(),
                waiting.stream().map(InboxEntry::nextAttemptAt).min(Comparator.naturalOrder()).orElse(null));
    }

    public synchronized List<InboxEntry> all() {
        return List.copyOf(entries.values());
    }

    private static String digest(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
