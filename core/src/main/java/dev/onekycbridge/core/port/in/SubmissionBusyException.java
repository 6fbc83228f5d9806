package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.SubmissionId;

/**
 * A reconcile passed over a submission that a running instance is working on: a step of its driver holds the
 * submission's lease, or its callbacks kept changing the submission under the reconcile. Nothing was saved; the
 * service brings the submission on by itself.
 */
public final class SubmissionBusyException extends RuntimeException {
    private final SubmissionId id;

    public SubmissionBusyException(SubmissionId id) {
        super("submission " + id + " is being worked on by the service");
        this.id = id;
    }

    public SubmissionId id() {
        return id;
    }
}
