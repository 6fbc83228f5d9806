package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/** Asks the platform now for a submission's result and applies it, whatever the schedule says. */
public interface ReconcileSubmissionUseCase {
    /** The submission after reconciling, or empty when it does not exist. */
    Optional<Submission> reconcile(SubmissionId id);
}
