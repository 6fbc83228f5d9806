package dev.onekycbridge.core.service;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import java.util.Optional;

/** How a start request with an idempotency key finds the submission an earlier, identical request created. */
final class IdempotentStart {
    private IdempotentStart() {
    }

    /** The earlier submission for this key, if the request is the same; a conflict if it is not. */
    static Optional<StartedSubmission> replay(SubmissionStore store, String key, RequestFingerprints fingerprints) {
        return store.findByIdempotencyKey(key).map(earlier -> replayOf(earlier, fingerprints));
    }

    /**
     * Nothing when the user has no active submission in the flow or a flow sharing its result lookup
     * ({@link FlowType#sharingItsResultLookup}); the conflict with it when there is one. An active submission this
     * key created is the answer instead: a concurrent retry with the key stored it after this request looked the
     * key up.
     */
    static Optional<StartedSubmission> againstActive(SubmissionStore store, FlowType flow, PartnerUser user,
                                                     String key, RequestFingerprints fingerprints) {
        Optional<Submission> active = flow.sharingItsResultLookup().stream()
                .map(lookedUpAlike -> store.findActive(lookedUpAlike, user))
                .flatMap(Optional::stream)
                .findFirst();
        if (active.isPresent() && key != null && key.equals(active.get().snapshot().idempotencyKey())) {
            return Optional.of(replayOf(active.get(), fingerprints));
        }
        active.ifPresent(submission -> {
            throw new SubmissionConflictException(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS,
                    submission.id());
        });
        return Optional.empty();
    }

    /** Explains an insert the store refused: a concurrent retry with the key, or an active submission. */
    static StartedSubmission afterDuplicate(SubmissionStore store, DuplicateSubmissionException e, FlowType flow,
                                            PartnerUser user, String key, RequestFingerprints fingerprints) {
        if (e.reason() == DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN && key != null) {
            Optional<StartedSubmission> earlier = replay(store, key, fingerprints);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return againstActive(store, flow, user, key, fingerprints).orElseThrow(() ->
                new SubmissionConflictException(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS, null));
    }

    private static StartedSubmission replayOf(Submission earlier, RequestFingerprints fingerprints) {
        if (earlier.snapshot().purgedAt() != null) {
            // The purge erased the fingerprint with the rest: a retry cannot be told from another request.
            throw new SubmissionConflictException(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_ERASED,
                    earlier.id());
        }
        // By either formula: the earlier submission may have been stored by a build before the current one.
        if (!fingerprints.match(earlier.snapshot().requestFingerprint())) {
            throw new SubmissionConflictException(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED,
                    earlier.id());
        }
        return new StartedSubmission(earlier, true);
    }
}
