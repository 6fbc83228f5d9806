package dev.onekycbridge.app;

import dev.onekycbridge.core.port.in.ReconcileSubmissionUseCase;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Objects;
import java.util.Optional;

/**
 * The details a process that drives one submission asks its platform for: that submission's alone. Its callback
 * worker reads the shared inbox, and a callback about another submission of the database (a KTP scan whose card
 * data its details would bring) is left to the service that drives that one: this process's platform, an embedded
 * sandbox, must never see it.
 */
final class OwnSubmissionDetails implements ReconcileSubmissionUseCase {
    private final SubmissionId own;
    private final ReconcileSubmissionUseCase details;

    OwnSubmissionDetails(SubmissionId own, ReconcileSubmissionUseCase details) {
        this.own = Objects.requireNonNull(own, "own");
        this.details = Objects.requireNonNull(details, "details");
    }

    @Override
    public Optional<Submission> reconcile(SubmissionId id) {
        if (!own.equals(id)) {
            throw new SubmissionBusyException(id);
        }
        return details.reconcile(id);
    }
}
