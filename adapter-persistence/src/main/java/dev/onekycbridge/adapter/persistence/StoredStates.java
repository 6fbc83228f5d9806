package dev.onekycbridge.adapter.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored state of recently loaded or saved submissions, so that a save need not read again what the load
 * before it has just read (two queries per save, each re-reading pages from disk on SQLite, whose readers drop
 * their page cache whenever the writer has committed).
 *
 * <p>An entry cannot mislead a save: documents and history change only in a transaction that moves the version
 * on, so what the rows held at a version stays true of that version. An entry for a version the rows have left
 * only reaches a save whose version check fails anyway. Each entry is used once; a miss is a read.
 */
final class StoredStates {
    /** Far more than the submissions worked on at once: a load-then-save finds its entry. */
    static final int CAPACITY = 1024;

    private final Map<String, Versioned> entries = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Versioned> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers what submission {@code id}'s rows hold at {@code version}, in place of any other version. */
    synchronized void remember(String id, long version, StoredState state) {
        entries.put(id, new Versioned(version, state));
    }

    /** What submission {@code id}'s rows hold at {@code version}, if remembered; forgotten in either case. */
    synchronized Optional<StoredState> take(String id, long version) {
        Versioned entry = entries.remove(id);
        return entry != null && entry.version() == version ? Optional.of(entry.state()) : Optional.empty();
    }

    synchronized int size() {
        return entries.size();
    }

    private record Versioned(long version, StoredState state) {
    }
}
