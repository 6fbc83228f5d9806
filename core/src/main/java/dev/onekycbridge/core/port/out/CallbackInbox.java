package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every callback body as received, stored before the receiver answers, so that none is lost. Entries are
 * never deleted by processing: applied, parked and rejected entries stay for audit. Their bodies (personal data:
 * KTP data, image URLs) go with the retention purge ({@link #eraseSettledBodies}).
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 *
 * <p>What an implementation keeps:
 * <ul>
 *   <li>An append is committed before it returns: the receiver answers 200 on the strength of it, and the
 *   platform need not send a callback answered 200 again.</li>
 *   <li>Each write is atomic; the duplicate check and the store of a new entry are one: of copies of one body
 *   appended together (the platform repeating a callback to several instances), exactly one is stored and the
 *   others name it as duplicates. A claim finds and leases in one write: of claims made together, exactly one
 *   takes an entry.</li>
 *   <li>Thread-safe: receivers, callback workers and the purge call it at once, on every instance sharing the
 *   inbox.</li>
 * </ul>
 * The contract tests in the core's test jar ({@code dev.onekycbridge.core.contract.CallbackInboxContract}) check
 * these rules, the concurrent ones with threads on one instance and on another over the same entries.
 */
public interface CallbackInbox {
    /**
     * Stores a pending entry, due at {@code receivedAt}. A body identical to one already stored on the same
     * channel is not stored again: the answer names the earlier entry and says it is a duplicate. An entry stored
     * as rejected on arrival ({@link #appendRejected}) is never the original of a duplicate.
     */
    InboxAppend append(CallbackChannel channel, String body, Instant receivedAt);

    /** Stores a body that cannot be read, as REJECTED, with the reason (free of personal data). */
    long appendRejected(CallbackChannel channel, String body, Instant receivedAt, String reason);

    /**
     * Claims up to {@code limit} PENDING or PARKED entries due at {@code now}, longest due first (a new entry is
     * due when it arrives, a parked one at its retry time), leasing them until {@code leaseUntil} so that no
     * other worker takes them meanwhile.
     *
     * <p>An entry whose stored body cannot be read is not returned, and no attempt is counted: one under a data key
     * not configured here is parked until {@code leaseUntil}, for as long as it takes (another instance reads it);
     * a damaged one ({@link StoredDataUnreadableException.Kind#DAMAGED}) is parked so while its match window lasts,
     * in case it is repaired, then kept as UNMATCHED, so that {@link #eraseSettledBodies} erases its body.
     */
    List<InboxEntry> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Extends to {@code leaseUntil} the lease of an entry claimed until {@code leasedUntil}, unless another worker
     * has claimed it since (its lease ran out) or it was settled; whether it did. The lease's end is what tells the
     * claims apart: a later claim leases the entry until later. A worker renews an entry of its batch before
     * processing it once the batch's lease is half over: a slow entry ahead of it (a KTP scan's details, read for
     * minutes while the platform is slow) would otherwise let another worker claim it and both process it. Like a
     * claim, one renewal of an entry made together with a claim of it wins, never both.
     *
     * <p>The default renews nothing and says it did, as inboxes written before this method behave: an entry whose
     * lease ran out may then be processed by two workers, the second application recorded as a duplicate.
     */
    default boolean renewLease(long entryId, Instant leasedUntil, Instant leaseUntil) {
        return true;
    }

    /**
     * Ends an attempt: the entry is applied. This and the other ends of an attempt ({@link #park},
     * {@link #markUnmatched}, {@link #reject}) change only an entry still being processed (PENDING or PARKED): an
     * attempt that outlasted its lease, whose entry another worker took over and settled since, leaves it settled.
     */
    void markApplied(long entryId, Instant now);

    /** Keeps the entry for another try at {@code retryAt}, counting the attempt. */
    void park(long entryId, String reason, Instant retryAt);

    /**
     * Gives up on matching the entry to a submission: it becomes UNMATCHED, is kept for audit with the reason,
     * and is never claimed again.
     */
    void markUnmatched(long entryId, String reason, Instant now);

    /** Rejects an entry on a later look (it turned out unreadable); it is kept for audit. */
    void reject(long entryId, String reason, Instant now);

    /**
     * Erases the bodies of up to {@code limit} entries settled (APPLIED, REJECTED, UNMATCHED) before
     * {@code settledBefore}; returns how many. An entry is settled when it is applied, given up on or rejected, or
     * on arrival if it was stored as rejected: one that waited (parked) long before it settled keeps its body for
     * as long after it settled as any other, for an operator to look at. The entry stays for audit (channel, state,
     * times, attempts, reason) and says its body was erased. A body identical to an erased one's is still its
     * duplicate: what finds duplicates is a keyed digest of the body, not the body. Entries still being processed
     * (PENDING, PARKED) keep their bodies.
     */
    int eraseSettledBodies(Instant settledBefore, int limit);

    /**
     * Counts of entries by state. It reads every entry, and the inbox keeps them all for audit: metrics read
     * {@link #waiting} instead.
     */
    Map<InboxState, Long> countByState();

    /**
     * The entries still to be applied (PENDING, PARKED, leased or not): how many of each, and the earliest time one
     * is due. Read from those entries alone, never from the settled ones kept for audit, so that it stays cheap
     * however large the inbox grows: metrics read it at every scrape.
     */
    InboxBacklog waiting();
}
