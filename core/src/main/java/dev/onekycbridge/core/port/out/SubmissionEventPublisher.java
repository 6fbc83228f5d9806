package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.event.SubmissionEvent;

/** Tells the embedding application what happened to submissions. Must not block for long or throw. */
@FunctionalInterface
public interface SubmissionEventPublisher {
    void publish(SubmissionEvent event);
}
