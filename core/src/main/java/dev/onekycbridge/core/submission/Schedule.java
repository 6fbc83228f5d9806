package dev.onekycbridge.core.submission;

import java.time.Instant;

/**
 * When the driver should next look at a submission, how many attempts in a row have failed, and the last
 * failure. {@code nextStepAt} is null when nothing is due (a final submission).
 */
public record Schedule(Instant nextStepAt, int failedAttempts, Failure lastFailure) {
    public static Schedule dueAt(Instant at) {
        return new Schedule(at, 0, null);
    }

    public static Schedule idle() {
        return new Schedule(null, 0, null);
    }

    public Schedule retryAt(Instant at, Failure failure) {
        return new Schedule(at, failedAttempts + 1, failure);
    }
}
