package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.submission.SubmissionSnapshot;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The submissions most recently inserted, saved or loaded, each as its rows hold it after one write. A load whose
 * row is the one remembered takes the submission from here instead of reading its documents and history and
 * decrypting its personal data again, and a save compares itself with the state it was loaded at without reading
 * that back. On SQLite those reads cost more than they look: a reader drops its page cache whenever the writer has
 * committed, so each goes to the file system again.
 *
 * <p>An entry names its write by the version and by the row's sealed personal data, byte for byte. The version alone
 * does not: a database that goes back to an earlier state under running instances (PostgreSQL failed over to a
 * replica that had not received the last commits, a backup restored) lets another instance write a version again,
 * with other content, and an instance that remembered the lost write served it for the new one, then built its next
 * save on a history the rows did not hold. Every write seals the personal data afresh under a random nonce, so equal
 * bytes are the same write. A row without personal data (a purged submission) has nothing that tells its writes
 * apart, and is not remembered. Key rotation seals the personal data again at the same version: an entry of such a
 * row no longer matches, and the next load reads it.
 *
 * <p>Everything a snapshot holds changes only in a write that moves the version on and seals the personal data anew,
 * so what the rows held after a write stays true of it. A load takes an entry only for the row it has just read; a
 * save from an entry writes only over the row it remembers ({@code personal = ?} in its {@code UPDATE}).
 *
 * <p>The entries are decrypted submissions, personal data included, held in memory as any load holds them while
 * it is used, and never written anywhere; each keeps its row's sealed personal data too. They are bounded in number
 * and in their personal data's size.
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
     * Remembers {@code snapshot} as the rows hold it after the write that sealed its personal data as
     * {@code sealedPersonal}, in place of any other state of it. Without personal data it is only forgotten.
     */
    synchronized void remember(SubmissionSnapshot snapshot, byte[] sealedPersonal) {
        forget(snapshot.id().toString());
        if (sealedPersonal == null) {
            return; // nothing tells this write from another at its version
        }
        // The personal data twice: opened in the snapshot, and sealed.
        long entryWeight = ENTRY_BYTES + 2L * sealedPersonal.length
                + (long) HISTORY_ENTRY_BYTES * snapshot.history().size();
        if (entryWeight > BUDGET_BYTES / 16) {
            return; // one outsized submission would push out many others
        }
        entries.put(snapshot.id().toString(), new Entry(snapshot, sealedPersonal, entryWeight));
        weight += entryWeight;
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > CAPACITY || weight > BUDGET_BYTES) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }

    /**
     * Submission {@code id} as its row holds it, if remembered from the write that row is: at {@code version}, with
     * {@code sealedPersonal} as its personal data.
     */
    synchronized Optional<SubmissionSnapshot> at(String id, long version, byte[] sealedPersonal) {
        Entry entry = entries.get(id);
        return entry != null && entry.snapshot().version() == version
                && Arrays.equals(entry.sealedPersonal(), sealedPersonal) ? Optional.of(entry.snapshot())
                : Optional.empty();
    }

    /**
     * What is remembered of submission {@code id} at {@code version}, for a save, which is to write only if the row
     * still holds the remembered personal data.
     */
    synchronized Optional<Remembered> at(String id, long version) {
        Entry entry = entries.get(id);
        return entry != null && entry.snapshot().version() == version
                ? Optional.of(new Remembered(entry.snapshot(), entry.sealedPersonal())) : Optional.empty();
    }

    synchronized void forget(String id) {
        Entry forgotten = entries.remove(id);
        if (forgotten != null) {
            weight -= forgotten.weight();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long weight() {
        return weight;
    }

    /** A submission as remembered, and its row's personal data as sealed by the write it was remembered from. */
    record Remembered(SubmissionSnapshot snapshot, byte[] sealedPersonal) {
    }

    private record Entry(SubmissionSnapshot snapshot, byte[] sealedPersonal, long weight) {
    }
}
