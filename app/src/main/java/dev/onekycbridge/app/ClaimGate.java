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
 * driver thread finishes the submission in hand and claims nothing new. Saves, renewals and releases pass through,
 * so the steps in flight keep and still end their leases.
 */
final class ClaimGate implements DueSubmissions {
    private final DueSubmissions queue;
    private volatile boolean open = true;

    ClaimGate(DueSubmissions queue) {
        this.queue = queue;
    }

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    @Override
    public List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
        return open ? queue.claimDue(now, lease, limit, owner) : List.of();
    }

    @Override
    public Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
        return open ? queue.claimIfDue(id, now, lease, owner) : Optional.empty();
    }

    @Override
    public Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
        return open ? queue.claimIfFree(id, now, lease, owner) : Optional.empty();
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
