package dev.onekycbridge.core.port.in;

/**
 * The driver: claims submissions whose next step is due and advances each by one step, saving it before the
 * next step begins, so that a crash at any point resumes where it stopped.
 */
public interface AdvanceDueSubmissionsUseCase {
    /** Advances up to {@code limit} due submissions by one step each; returns how many it claimed. */
    int advanceDueSubmissions(int limit);
}
