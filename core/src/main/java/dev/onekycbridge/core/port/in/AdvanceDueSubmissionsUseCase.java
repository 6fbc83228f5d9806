package dev.onekycbridge.core.port.in;

/**
 * The driver: claims submissions whose next step is due and advances each by one step, saving it before the
 * next step begins, so that a crash at any point resumes where it stopped.
 */
public interface AdvanceDueSubmissionsUseCase {
    /** Advances up to {@code limit} due submissions by one step each; returns how many it claimed. */
    int advanceDueSubmissions(int limit);

    /**
     * Extends the leases of the steps running now, so that a step that takes long (a platform that answers
     * slowly, calls retried) keeps its submission from another instance. Call it from another thread, at least a
     * few times per lease; without it, a step must end within its lease. A driver that holds no leases has none
     * to renew.
     */
    default void renewClaims() {
    }
}
