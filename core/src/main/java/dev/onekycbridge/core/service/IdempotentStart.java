package dev.onekycbridge.core.service;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import java.util.Objects;
import java.util.Optional;

/** How a start request with an idempotency key finds the submission an earlier, identical request created. */
final class IdempotentStart {
    private IdempotentStart() {
    }

    /** The earlier submission for this key, if the request is the same; a conflict if it is not. */
    static Optional<StartedSubmission> replay(SubmissionStore store, String key, String fingerprint) {
        Optional<Submission> earlier = store.findByIdempotencyKey(key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Submission submission = earlier.get();
        if (!Objects.equals(submission.snapshot().requestFingerprint(), fingerprint)) {
            throw new SubmissionConflictException(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED,
                    submission.id());
        }
        return Optional.of(new StartedSubmission(submission, true));
    }

    /** Explains an insert the store refused: a concurrent retry with the key, or an active submission. */
    static StartedSubmission afterDuplicate(SubmissionStore store, DuplicateSubmissionException e, FlowType flow,
                                            PartnerUser user, String key, String fingerprint) {
        if (e.reason() == DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN && key != null) {
            Optional<StartedSubmission> earlier = replay(store, key, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        throw new SubmissionConflictException(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS,
                store.findActive(flow, user).map(Submission::id).orElse(null));
    }
}
