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
 * <p>What an implementation keeps:
 * <ul>
 *   <li>One store: this port, {@link DueSubmissions} and {@link SubmissionCatalog} over the same submissions, and
 *   every instance of the service sharing them sees one set.</li>
 *   <li>Each write is atomic: an insert stores the submission with its documents and history, or nothing; a save
 *   writes its changes in the same step as its version check, or nothing.</li>
 *   <li>A write is committed before the method returns: another instance, or this one after a restart, reads it.
 *   The callback receiver and the partner API answer on the strength of it.</li>
 *   <li>Thread-safe: called from several threads at once (the driver's threads, the callback worker, the renewal
 *   of leases, the partner API), and from several instances. The rules hold between concurrent calls: of inserts
 *   made together that break a uniqueness rule, one is stored and the others refused; of saves of one version made
 *   together, one is taken and the others are stale. A check read before the write does not keep them; a
 *   constraint or a lock taken by the write does.</li>
 * </ul>
 * The contract tests in the core's test jar ({@code dev.onekycbridge.core.contract.SubmissionStoreContract})
 * check these rules, the concurrent ones with threads on one instance and on another over the same data.
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
