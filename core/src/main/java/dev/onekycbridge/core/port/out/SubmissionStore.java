package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/**
 * Durable submissions, saved whole (with their history) under optimistic locking.
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 *
 * <p>Called from several threads at once (the driver's threads, the callback worker, the renewal of leases, the
 * partner API): an implementation must be thread-safe. The contract tests in the core's test jar
 * ({@code dev.onekycbridge.core.contract.SubmissionStoreContract}, and those of the other store ports beside it)
 * check one.
 */
public interface SubmissionStore {
    /**
     * Stores a new submission and returns it as stored.
     *
     * @throws DuplicateSubmissionException when the partner user already has an active submission in this flow or
     *     one sharing its result lookup ({@link FlowType#sharingItsResultLookup}), or the idempotency key is taken
     * @throws IllegalArgumentException when a submission with the same id is stored already
     */
    Submission insert(Submission submission);

    /**
     * Saves a loaded submission if nobody saved it since it was loaded, and returns it with its new version.
     * History entries it gained since it was loaded are appended; the stored ones stay as they are.
     *
     * @throws StaleSubmissionException when the stored version is not the submission's version
     * @throws IllegalArgumentException when the submission's history lacks or differs from a stored entry: the
     *     history is only ever appended to
     */
    Submission save(Submission submission);

    Optional<Submission> findById(SubmissionId id);

    Optional<Submission> findByPlatformSubmissionId(String platformSubmissionId);

    Optional<Submission> findByPartnerSessionId(String partnerSessionId);

    /** The partner user's submission in this flow that is not final, if any (there is at most one). */
    Optional<Submission> findActive(FlowType flow, PartnerUser partnerUser);

    Optional<Submission> findByIdempotencyKey(String idempotencyKey);
}
