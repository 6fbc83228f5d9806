package dev.onekycbridge.core.port.in;

import java.time.Duration;

/**
 * Erases personal data older than a retention period: that of final submissions (their skeleton stays), the
 * bodies of settled callbacks (their entries stay), and images staged for submissions that were never stored.
 */
public interface PurgePersonalDataUseCase {
    PurgeReport purgeOlderThan(Duration retention);
}
