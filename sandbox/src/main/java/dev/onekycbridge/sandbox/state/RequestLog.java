package dev.onekycbridge.sandbox.state;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most recent {@link #CAPACITY} platform requests, oldest first, and a count of every request by kind that
 * arrived since the last {@link #clear}: the window is bounded so a long-running sandbox does not grow forever, the
 * counts stay exact however many requests a benchmark or soak makes.
 */
public final class RequestLog {

    public static final int CAPACITY = 2_000;
    /**
     * Kinds counted one by one before requests to made-up paths or methods (which could make new ones without end)
     * share {@link #OTHER_KIND}; the platform's own endpoints (path and method served) are always counted apart.
     */
    public static final int MAX_KINDS = 256;
    /** Where requests of further kinds are counted. */
    public static final String OTHER_KIND = "other";

    /**
     * A request's place, taken when it arrives: its sequence and the window it arrived in (one per {@link #clear}).
     */
    public record Arrival(long sequence, long window) {
    }

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private long sequence;
    private long window;

    public synchronized long nextSequence() {
        return ++sequence;
    }

    /** Called as a request arrives; its entry is {@link #add added} once it has been answered. */
    public synchronized Arrival arrive() {
        return new Arrival(++sequence, window);
    }

    /** Adds a request that arrived in the current window. */
    public synchronized void add(RecordedRequest request) {
        add(request, window);
    }

    /**
     * Adds an answered request, unless it arrived before the last clear: it belongs to the window that was cleared,
     * and the counts promise the requests that arrived since.
     */
    public synchronized void add(RecordedRequest request, long arrivedInWindow) {
        if (arrivedInWindow != window) {
            return;
        }
        requests.addLast(request);
        while (requests.size() > CAPACITY) {
            requests.removeFirst();
        }
        RequestKind requested = RequestKind.of(request.method(), request.path());
        String kind = requested.name();
        if (!requested.platform() && !counts.containsKey(kind) && counts.size() >= MAX_KINDS - 1) {
            kind = OTHER_KIND;
        }
        counts.merge(kind, 1L, Long::sum);
    }

    public synchronized List<RecordedRequest> all() {
        return requests.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList();
    }

    /**
     * Requests by kind since the last clear, e.g. {@code "GET /v1/esign/partner/authentication"} or {@code "PUT
     * /_objects/{submissionId}/{documentType}"}; sorted by kind.
     */
    public synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public synchronized void clear() {
        window++;
        requests.clear();
        counts.clear();
    }
}
