package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.SubmissionId;

/** A start request that cannot be taken because of another submission, which it names. */
public final class SubmissionConflictException extends RuntimeException {
    /** Why the request conflicts. */
    public enum Reason {
        /**
         * The partner user already has a submission that is not final in this flow, or in one sharing its result
         * lookup (a certificate registration and an identity verification count as one).
         */
        ACTIVE_SUBMISSION_EXISTS,
        /** The idempotency key was used before for a different request. */
        IDEMPOTENCY_KEY_REUSED,
        /**
         * The idempotency key was used before, for a request the retention purge has since erased: what it was
         * cannot be compared with this one, so this one is not taken as its retry.
         */
        IDEMPOTENCY_KEY_ERASED
    }

    private final Reason reason;
    private final SubmissionId existing;

    public SubmissionConflictException(Reason reason, SubmissionId existing) {
        super(switch (reason) {
            case ACTIVE_SUBMISSION_EXISTS -> "the partner user already has an active submission in this flow (a"
                    + " certificate registration and an identity verification count as one)";
            case IDEMPOTENCY_KEY_REUSED -> "the idempotency key was used for a different request";
            case IDEMPOTENCY_KEY_ERASED -> "the idempotency key was used for a request whose data the retention"
                    + " purge has erased, so this one cannot be compared with it";
        });
        this.reason = reason;
        this.existing = existing;
    }

    public Reason reason() {
        return reason;
    }

    /** The submission the request conflicts with, if known. */
    public SubmissionId existing() {
        return existing;
    }
}
