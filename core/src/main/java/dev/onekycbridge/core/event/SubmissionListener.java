package dev.onekycbridge.core.event;

/**
 * Receives submission events in the embedding application.
 *
 * <p>An event is published after its change is saved, on the thread that made the change: a driver thread, the
 * callback worker, or the caller of a use case. A listener must therefore be quick and not block; an exception
 * it throws is logged by its class, and the other listeners still hear the event.
 *
 * <p>Delivery is at most once, and ordered only within one thread: two changes of one submission made on two
 * threads (a step of the driver and a callback) may be heard in either order, so take the submission with the
 * higher {@link dev.onekycbridge.core.submission.Submission#version() version} as the later. A process that stops
 * between a save and its event loses the event: an application that must not miss a result reads the
 * submissions that are not final at its start (and whenever it doubts), rather than relying on events alone.
 */
@FunctionalInterface
public interface SubmissionListener {
    void onEvent(SubmissionEvent event);
}
