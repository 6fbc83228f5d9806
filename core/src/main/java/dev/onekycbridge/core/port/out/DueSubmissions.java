package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The driver's work queue: submissions whose next step is due. A claim holds a submission for one owner until
 * the lease ends or the owner releases it, so that several instances sharing a store never work on the same
 * submission at once. The save that ends a step can end its claim too ({@link #saveAndRelease}), or extend it
 * so that the owner goes on with the submission's next step without claiming it again ({@link #saveAndRenew});
 * while a long step runs, its owner keeps the lease with {@link #renew}. An owner's save is taken only while the
 * owner holds the lease: once another has claimed the submission, the step is that claim's.
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 *
 * <p>The same store as {@link SubmissionStore}, which it saves through, with its rules: each write atomic,
 * committed before the method returns, thread-safe. A claim finds a submission free and leases it in one write: of
 * claims made together (any of the three, from any thread or instance), one alone takes a submission, which is in
 * no other claim's answer. The contract tests
 * ({@code dev.onekycbridge.core.contract.SubmissionStoreContract}) race several threads on two instances for it.
 */
public interface DueSubmissions {
    /**
     * Claims up to {@code limit} submissions that are not final, whose next step is due at {@code now}, and that
     * no live lease holds; each is claimed by {@code owner} until {@code now + lease}.
     */
    List<Submission> claimDue(Instant now, Duration lease, int limit, String owner);

    /**
     * Claims the one submission {@code id} as {@link #claimDue} would: only when it is not final, its next step is
     * due at {@code now} and no live lease holds it. Empty otherwise, and for an id that names none.
     */
    Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner);

    /**
     * Claims the one submission {@code id} whatever its schedule, for a step taken now (a reconcile): only when it
     * is not final and no live lease holds it. Empty otherwise, and for an id that names none.
     */
    Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner);

    /** Ends {@code owner}'s lease on the submission, if it still holds one. */
    void release(SubmissionId id, String owner);

    /**
     * Saves the submission as {@link SubmissionStore#save} does and, in the same write, ends {@code owner}'s lease
     * on it. A stale save changes nothing, the lease included.
     *
     * @throws StaleSubmissionException when the stored version is not the submission's version, or when
     *     {@code owner} no longer holds the lease (its step is another claim's now)
     */
    Submission saveAndRelease(Submission submission, String owner);

    /**
     * Saves the submission as {@link SubmissionStore#save} does and, in the same write, extends {@code owner}'s
     * lease on it to {@code leaseUntil}. A stale save changes nothing, the lease included.
     *
     * @throws StaleSubmissionException when the stored version is not the submission's version, or when
     *     {@code owner} no longer holds the lease
     */
    Submission saveAndRenew(Submission submission, String owner, Instant leaseUntil);

    /**
     * Extends {@code owner}'s lease on the submission to {@code leaseUntil}, and says whether it did: false once
     * {@code owner} holds it no longer (it released it, or another claimed the submission after it ran out).
     */
    boolean renew(SubmissionId id, String owner, Instant leaseUntil);
}
