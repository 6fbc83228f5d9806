package dev.onekycbridge.core.port.out;

/** A submission could not be inserted because another one holds what must be unique. */
public final class DuplicateSubmissionException extends RuntimeException {
    /** Which uniqueness rule the insert broke. */
    public enum Reason {
        ACTIVE_SUBMISSION_EXISTS,
        IDEMPOTENCY_KEY_TAKEN
    }

    private final Reason reason;

    public DuplicateSubmissionException(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
