package dev.onekycbridge.core.service;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * The embedding application's publisher, kept from breaking the workflow that publishes. An event is published
 * after its change is saved: a publisher that throws must not fail the caller of a start whose submission is
 * stored already (a retry would then be a conflict), nor skip what the step does after it (discarding the images).
 * Its failure, anything but a {@link VirtualMachineError}, is logged without the event's content, and the workflow
 * goes on.
 */
final class IsolatedEvents implements SubmissionEventPublisher {
    private static final System.Logger LOG = System.getLogger(IsolatedEvents.class.getName());

    private final SubmissionEventPublisher publisher;

    private IsolatedEvents(SubmissionEventPublisher publisher) {
        this.publisher = publisher;
    }

    static SubmissionEventPublisher of(SubmissionEventPublisher publisher) {
        Objects.requireNonNull(publisher, "events");
        return publisher instanceof IsolatedEvents ? publisher : new IsolatedEvents(publisher);
    }

    @Override
    public void publish(SubmissionEvent event) {
        try {
            publisher.publish(event);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // An Error too (an AssertionError, a class that failed to load): the publisher's, not the workflow's.
            // The exception's message may quote the event's submission, so only its class is told.
            LOG.log(Level.WARNING, "publishing the event of submission " + event.submission().id() + " ("
                    + event.previousStatus() + " to " + event.submission().status()
                    + (event.effect() == null ? "" : ", " + event.effect()) + ") failed: " + e.getClass().getName());
        }
    }
}
