package dev.onekycbridge.sandbox.state;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent platform requests, oldest first; bounded so a long-running sandbox does not grow forever. */
public final class RequestLog {

    public static final int CAPACITY = 2_000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private long sequence;

    public synchronized long nextSequence() {
        return ++sequence;
    }

    public synchronized void add(RecordedRequest request) {
        requests.addLast(request);
        while (requests.size() > CAPACITY) {
            requests.removeFirst();
        }
    }

    public synchronized List<RecordedRequest> all() {
        return requests.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList();
    }

    public synchronized void clear() {
        requests.clear();
    }
}
