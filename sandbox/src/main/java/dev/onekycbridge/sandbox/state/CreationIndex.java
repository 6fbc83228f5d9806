package dev.onekycbridge.sandbox.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kept submissions filed under each key, by creation order, so that a lookup reads only those under its key.
 * Not thread-safe: its owner guards it.
 *
 * @param <K> what a lookup looks by
 */
final class CreationIndex<K> {

    private final Map<K, TreeMap<Long, String>> byKey = new HashMap<>();

    /** Files the submission created {@code created}-th under the keys {@code is} instead of {@code was}. */
    void move(long created, String id, List<K> was, List<K> is) {
        if (was.equals(is)) {
            return;
        }
        for (K key : was) {
            TreeMap<Long, String> filed = byKey.get(key);
            filed.remove(created);
            if (filed.isEmpty()) {
                byKey.remove(key);
            }
        }
        for (K key : is) {
            byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(created, id);
        }
    }

    /** The ids under {@code key}, newest first. */
    Collection<String> newestFirst(K key) {
        TreeMap<Long, String> filed = byKey.get(key);
        return filed == null ? List.of() : filed.descendingMap().values();
    }

    /** The newest id under {@code key}; null if none. */
    String latest(K key) {
        TreeMap<Long, String> filed = byKey.get(key);
        return filed == null ? null : filed.lastEntry().getValue();
    }

    int count(K key) {
        TreeMap<Long, String> filed = byKey.get(key);
        return filed == null ? 0 : filed.size();
    }

    void clear() {
        byKey.clear();
    }
}
