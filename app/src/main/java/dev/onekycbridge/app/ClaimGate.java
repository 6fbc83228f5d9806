package dev.onekycbridge.app;

import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store's work queue as the driver threads see it: once closed, it hands out no more work, so that a stopping
 * driver thread finishes the submission in hand and claims nothing new. Narrowed to one submission, it hands out
 * that one alone: a process that follows a submission of its own beside a running service (register) must never
 * hold another's. Saves, renewals and releases pass through, so the steps in flight keep and still end their
 * leases.
 */
final class ClaimGate implements DueSubmissions {
    private final DueSubmissions queue;
    /** The one submission claimed, or null for any. */
    private final SubmissionId only;
    private volatile boolean open = true;

    ClaimGate(DueSubmissions queue) {
        this(queue, null);
    }

    ClaimGate(DueSubmissions queue, SubmissionId only) {
        this.queue = queue;
        this.only = only;
    }

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    @Override
    public List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
        if (only != null) {
            return limit < 1 ? List.of() : claimIfDue(only, now, lease, owner).stream().toList();
        }
        return open ? queue.claimDue(now, lease, limit, owner) : List.of();
    }

    @Override
    public Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
        return handsOut(id) ? queue.claimIfDue(id, now, lease, owner) : Optional.empty();
    }

    @Override
    public Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
        return handsOut(id) ? queue.claimIfFree(id, now, lease, owner) : Optional.empty();
    }

    private boolean handsOut(SubmissionId id) {
        return open && (only == null || only.equals(id));
    }

    @Override
    public void release(SubmissionId id, String owner) {
        queue.release(id, owner);
    }

    @Override
    public Submission saveAndRelease(Submission submission, String owner) {
        return queue.saveAndRelease(submission, owner);
    }

    @Override
    public Submission saveAndRenew(Submission submission, String owner, Instant leaseUntil) {
        return queue.saveAndRenew(submission, owner, leaseUntil);
    }

    @Override
    public boolean renew(SubmissionId id, String owner, Instant leaseUntil) {
        return queue.renew(id, owner, leaseUntil);
    }
}
