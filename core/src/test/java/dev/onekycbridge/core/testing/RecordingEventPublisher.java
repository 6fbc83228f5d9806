package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event, for assertions. */
public final class RecordingEventPublisher implements SubmissionEventPublisher {
    private final List<SubmissionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(SubmissionEvent event) {
        events.add(event);
    }

    public List<SubmissionEvent> events() {
        return List.copyOf(events);
    }
}
