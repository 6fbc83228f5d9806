package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.submission.SubmissionSnapshot;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The submissions most recently inserted, saved or loaded, each as its rows hold it at one version. A load whose
 * row is at a remembered version takes the submission from here instead of reading its documents and history and
 * decrypting its personal data again, and a save compares itself with the version it was loaded at without reading
 * that back. On SQLite those reads cost more than they look: a reader drops its page cache whenever the writer has
 * committed, so each goes to the file system again.
 *
 * <p>An entry cannot mislead. Everything a snapshot holds changes only in a transaction that moves the version on,
 * and versions only grow, so what the rows held at a version stays true of that version; key rotation re-encrypts
 * without changing what is encrypted. An entry is only ever used for the version the row was just read at.
 *
 * <p>The entries are decrypted submissions, personal data included, held in memory as any load holds them while
 * it is used, and never written anywhere. They are bounded in number and in their personal data's size.
 */
final class RecentSnapshots {
    /** Far more than the submissions worked on at once: a load or save finds the one before it. */
    static final int CAPACITY = 1024;
    /** What the entries may weigh in all: consent texts may be long. */
    static final long BUDGET_BYTES = 16L * 1024 * 1024;
    /** What an entry weighs besides its personal data (ids, documents, schedule; history counts apart). */
    static final int ENTRY_BYTES = 1024;
    static final int HISTORY_ENTRY_BYTES = 256;

    private final Map<String, Entry> entries = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true);
    private long weight;

    /**
     * Remembers {@code snapshot} as the rows hold it at its version, in place of any other version of it;
     * {@code personalBytes} is the size of its stored personal data.
     */
    synchronized void remember(SubmissionSnapshot snapshot, long personalBytes) {
        long entryWeight = ENTRY_BYTES + personalBytes + (long) HISTORY_ENTRY_BYTES * snapshot.history().size();
        Entry replaced = entries.remove(snapshot.id().toString());
        if (replaced != null) {
            weight -= replaced.weight();
        }
        if (entryWeight > BUDGET_BYTES / 16) {
            return; // one outsized submission would push out many others
        }
        entries.put(snapshot.id().toString(), new Entry(snapshot, entryWeight));
        weight += entryWeight;
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > CAPACITY || weight > BUDGET_BYTES) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }

    /** Submission {@code id} as its rows hold it at {@code version}, if remembered at that version. */
    synchronized Optional<SubmissionSnapshot> at(String id, long version) {
        Entry entry = entries.get(id);
        return entry != null && entry.snapshot().version() == version ? Optional.of(entry.snapshot())
                : Optional.empty();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long weight() {
        return weight;
    }

    private record Entry(SubmissionSnapshot snapshot, long weight) {
    }
}
