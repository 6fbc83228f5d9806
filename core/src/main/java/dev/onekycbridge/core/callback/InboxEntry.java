package dev.onekycbridge.core.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * A callback as it was received: the raw body (personal data, stored encrypted), when and where it arrived, and
 * how far it has been processed.
 *
 * @param nextAttemptAt when a pending or parked entry is due to be (re)applied
 * @param lastError why the last attempt did not apply it; free of personal data
 */
public record InboxEntry(long id, CallbackChannel channel, String body, Instant receivedAt, InboxState state,
                         int attempts, Instant nextAttemptAt, String lastError) {
    public InboxEntry {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(state, "state");
    }

    @Override
    public String toString() {
        return "InboxEntry[" + id + ", " + channel + ", " + state + ", attempts=" + attempts + "]";
    }
}
