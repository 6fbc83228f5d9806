package dev.onekycbridge.core.event;

/** Receives submission events in the embedding application. */
@FunctionalInterface
public interface SubmissionListener {
    void onEvent(SubmissionEvent event);
}
