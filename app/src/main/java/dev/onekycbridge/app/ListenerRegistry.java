package dev.onekycbridge.app;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.event.SubmissionListener;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands submission events to the embedding application's listeners. A listener that throws anything but a
 * {@link VirtualMachineError} is logged and the others still hear the event: a listener's bug must not undo a step
 * that is already saved.
 */
final class ListenerRegistry implements SubmissionEventPublisher {
    private static final System.Logger LOG = System.getLogger(ListenerRegistry.class.getName());

    private final List<SubmissionListener> listeners = new CopyOnWriteArrayList<>();

    void add(SubmissionListener listener) {
        listeners.add(listener);
    }

    void remove(SubmissionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void publish(SubmissionEvent event) {
        for (SubmissionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // An Error too (an AssertionError, a class that failed to load): it is the listener's alone. The
                // message may quote the event's personal data, so only the class is told.
                LOG.log(System.Logger.Level.WARNING, "a submission listener failed: " + e.getClass().getName());
            }
        }
    }
}
