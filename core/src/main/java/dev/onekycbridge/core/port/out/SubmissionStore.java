package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/**
 * Durable submissions, saved whole (with their history) under optimistic locking.
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 */
public interface SubmissionStore {
    /**
     * Stores a new submission and returns it as stored.
     *
     * @throws DuplicateSubmissionException when the partner user already has an active submission in this flow,
     *     or the idempotency key is taken
     */
    Submission insert(Submission submission);

    /**
     * Saves a loaded submission if nobody saved it since it was loaded, and returns it with its new version.
     * History entries it gained since it was loaded are appended.
     *
     * @throws StaleSubmissionException when the stored version is not the submission's version
     */
    Submission save(Submission submission);

    Optional<Submission> findById(SubmissionId id);

    Optional<Submission> findByPlatformSubmissionId(String platformSubmissionId);

    Optional<Submission> findByPartnerSessionId(String partnerSessionId);

    /** The partner user's submission in this flow that is not final, if any (there is at most one). */
    Optional<Submission> findActive(FlowType flow, PartnerUser partnerUser);

    Optional<Submission> findByIdempotencyKey(String idempotencyKey);
}
