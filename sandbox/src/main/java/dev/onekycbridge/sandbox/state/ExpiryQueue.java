package dev.onekycbridge.sandbox.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Ids ordered by one instant each (ties in the order they were first queued), so that a sweep reads only the front
 * it is due to handle instead of every id. Not thread-safe: its owner guards it.
 */
final class ExpiryQueue {

    private record Entry(Instant at, long order, String id) {
    }

    private final TreeSet<Entry> entries = new TreeSet<>(
            Comparator.comparing(Entry::at).thenComparingLong(Entry::order));
    private final Map<String, Entry> byId = new HashMap<>();

    /** Queues {@code id} at {@code at}, replacing its earlier place. */
    void put(String id, long order, Instant at) {
        Entry current = byId.get(id);
        if (current != null && current.at().equals(at)) {
            return;
        }
        if (current != null) {
            entries.remove(current);
        }
        Entry next = new Entry(at, order, id);
        entries.add(next);
        byId.put(id, next);
    }

    void remove(String id) {
        Entry current = byId.remove(id);
        if (current != null) {
            entries.remove(current);
        }
    }

    /** The ids from the front whose instant {@code due} accepts, in order, up to the first it refuses. */
    List<String> front(Predicate<Instant> due) {
        List<String> ids = new ArrayList<>();
        for (Entry entry : entries) {
            if (!due.test(entry.at())) {
                break;
            }
            ids.add(entry.id());
        }
        return ids;
    }

    /** Takes the ids from the front whose instant {@code due} accepts off the queue. */
    List<String> poll(Predicate<Instant> due) {
        List<String> ids = new ArrayList<>();
        Iterator<Entry> front = entries.iterator();
        while (front.hasNext()) {
            Entry entry = front.next();
            if (!due.test(entry.at())) {
                break;
            }
            front.remove();
            byId.remove(entry.id());
            ids.add(entry.id());
        }
        return ids;
    }

    int size() {
        return byId.size();
    }

    void clear() {
        entries.clear();
        byId.clear();
    }
}
