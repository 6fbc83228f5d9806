package dev.onekycbridge.core.port.in;

import java.time.Duration;

/** Erases the personal data of final submissions older than a retention period, keeping their skeleton. */
public interface PurgePersonalDataUseCase {
    /** Returns how many submissions were purged. */
    int purgeFinishedOlderThan(Duration retention);
}
