package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.event.SubmissionEvent;

/**
 * Tells the embedding application what happened to submissions. Must not block for long; an exception it throws is
 * logged by its class, and the workflow that published goes on as if the event had been heard.
 */
@FunctionalInterface
public interface SubmissionEventPublisher {
    void publish(SubmissionEvent event);
}
