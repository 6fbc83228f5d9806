package dev.onekycbridge.app;

import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store's work queue narrowed to one submission: a process that follows a submission of its own beside a
 * running service (register) claims that one whenever its next step is due, and never another's. Saves,
 * renewals and releases pass through.
 */
final class OneSubmissionQueue implements DueSubmissions {
    private final DueSubmissions queue;
    private final SubmissionId only;

    OneSubmissionQueue(DueSubmissions queue, SubmissionId only) {
        this.queue = queue;
        this.only = only;
    }

    @Override
    public List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
        return limit < 1 ? List.of() : claimIfDue(only, now, lease, owner).stream().toList();
    }

    @Override
    public Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
        return id.equals(only) ? queue.claimIfDue(id, now, lease, owner) : Optional.empty();
    }

    @Override
    public Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
        return id.equals(only) ? queue.claimIfFree(id, now, lease, owner) : Optional.empty();
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
