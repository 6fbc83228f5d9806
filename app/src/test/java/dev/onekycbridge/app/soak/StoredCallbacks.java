package dev.onekycbridge.app.soak;

import dev.onekycbridge.adapter.persistence.CallbackInboxRows;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the service's durable callback inbox holds after a soak: each entry by what its body reports (channel,
 * platform submission id, status, result, reasonCode) and when it was received. The bodies are sealed in the
 * database; they are opened with the soak's data key ({@link CallbackInboxRows}) and only those values are kept,
 * none of which is personal data.
 */
final class StoredCallbacks {
    /** What a callback reports, as the sandbox records a delivery and as the body says it. */
    record Report(String channel, String submissionId, String status, String result, String reasonCode) {
        /** The sandbox's delivery view ({@code callbacks[]} of {@code /_sandbox/submissions}). */
        static Report ofDelivery(JsonObject delivery) {
            return new Report(delivery.getString("channel").toUpperCase(Locale.ROOT),
                    delivery.getString("submissionId"), delivery.getString("status"), delivery.getString("result"),
                    delivery.getString("reasonCode"));
        }

        @Override
        public String toString() {
            return channel + " " + status + "/" + result + "/" + reasonCode + " of platform submission "
                    + submissionId;
        }
    }

    /** One inbox entry; {@code report} is empty when its body was erased or is not a callback the soak knows. */
    record Entry(Optional<Report> report, Instant receivedAt, boolean erased) {
    }

    private final Map<Report, Instant> firstReceived = new HashMap<>();
    private final int entries;
    private final int erased;
    private final int unread;

    StoredCallbacks(List<Entry> entries) {
        this.entries = entries.size();
        int erasedCount = 0;
        int unreadCount = 0;
        for (Entry entry : entries) {
            if (entry.erased()) {
                erasedCount++;
            } else if (entry.report().isEmpty()) {
                unreadCount++;
            } else {
                firstReceived.merge(entry.report().get(), entry.receivedAt(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        this.erased = erasedCount;
        this.unread = unreadCount;
    }

    /**
     * The inbox of the service on {@code databaseUrl} as it is now.
     *
     * @param dataKey the service's {@code BRIDGE_DATA_KEY}
     */
    static StoredCallbacks read(String databaseUrl, String dataKey) {
        return new StoredCallbacks(CallbackInboxRows.read(databaseUrl, dataKey).stream().map(row -> new Entry(
                Optional.ofNullable(row.body()).flatMap(body -> report(row.channel(), body)), row.receivedAt(),
                row.body() == null)).toList());
    }

    private static Optional<Report> report(String channel, String body) {
        try {
            JsonObject json = new JsonObject(body);
            Object id = json.getValue("submissionId");
            Object status = json.getValue("status");
            if (!(id instanceof String) || !(status instanceof String)) {
                return Optional.empty();
            }
            return Optional.of(new Report(channel, (String) id, (String) status, text(json, "result"),
                    text(json, "reasonCode")));
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonObject json, String key) {
        Object value = json.getValue(key);
        return value instanceof String text ? text : null;
    }

    /** When the first entry with this report was received; empty when the inbox holds none. */
    Optional<Instant> firstReceived(Report report) {
        return Optional.ofNullable(firstReceived.get(report));
    }

    /** Entries in all. */
    int entries() {
        return entries;
    }

    /** Entries whose bodies the retention purge erased: what they were cannot be told any more. */
    int erased() {
        return erased;
    }

    /** Entries whose bodies are not a callback with a submission id and status. */
    int unread() {
        return unread;
    }
}
