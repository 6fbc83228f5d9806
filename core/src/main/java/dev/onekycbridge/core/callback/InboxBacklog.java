package dev.onekycbridge.core.callback;

import java.time.Duration;
import java.time.Instant;

/**
 * The callbacks still to be applied: how many entries are PENDING and PARKED, and when the earliest of them is (or
 * was) due.
 *
 * @param earliestDue the earliest time one of them is due; null when none waits
 */
public record InboxBacklog(long pending, long parked, Instant earliestDue) {
    public static final InboxBacklog EMPTY = new InboxBacklog(0, 0, null);

    /** How long the earliest entry has been due at {@code now}; zero when none is due yet. */
    public Duration overdueAt(Instant now) {
        if (earliestDue == null || !earliestDue.isBefore(now)) {
            return Duration.ZERO;
        }
        return Duration.between(earliestDue, now);
    }
}
