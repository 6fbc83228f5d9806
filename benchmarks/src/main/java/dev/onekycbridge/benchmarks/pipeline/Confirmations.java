package dev.onekycbridge.benchmarks.pipeline;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each registration taken by a partner API was confirmed by the platform, or gave up, keyed by the id the API
 * answered with. Fed by the side under test (the service's listener, the relay's forwarders); the first report of
 * an id counts.
 */
final class Confirmations {
    private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();

    void confirmed(String id) {
        confirmedAt.putIfAbsent(id, System.nanoTime());
    }

    void failed(String id) {
        failedAt.putIfAbsent(id, System.nanoTime());
    }

    /** The {@link System#nanoTime()} of the confirm, or null while there is none. */
    Long confirmedAt(String id) {
        return confirmedAt.get(id);
    }

    boolean allSettled(Collection<String> ids) {
        return ids.stream().allMatch(id -> confirmedAt.containsKey(id) || failedAt.containsKey(id));
    }
}
