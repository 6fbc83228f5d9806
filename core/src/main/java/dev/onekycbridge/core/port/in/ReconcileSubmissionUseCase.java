package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/** Asks the platform now for a submission's result and applies it, whatever the schedule says. */
public interface ReconcileSubmissionUseCase {
    /**
     * The submission after reconciling, or empty when it does not exist.
     *
     * @throws SubmissionBusyException when a running instance is working on it (a step holds its lease, or its
     *     saves keep changing it): it was left to that instance, unchanged
     */
    Optional<Submission> reconcile(SubmissionId id);
}
