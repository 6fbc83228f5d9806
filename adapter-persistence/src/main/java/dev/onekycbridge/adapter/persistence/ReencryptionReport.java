package dev.onekycbridge.adapter.persistence;

import java.util.List;

/**
 * What a re-encryption rewrote: how many stored values of each kind moved to the key {@code dataKeyId}.
 * Values already under that key, and erased ones, are not counted. {@code unreadable} lists the values it could
 * not decrypt and left as they were (damaged, or under a key not configured), each by its table and row.
 */
public record ReencryptionReport(String dataKeyId, long submissions, long documentUrls, long stagedImages,
                                 long callbacks, List<UnreadableValue> unreadable) {
    public ReencryptionReport {
        unreadable = List.copyOf(unreadable);
    }

    public long total() {
        return submissions + documentUrls + stagedImages + callbacks;
    }

    /** Whether every value that was under another key is now under {@code dataKeyId}. */
    public boolean complete() {
        return unreadable.isEmpty();
    }

    /**
     * A stored value that could not be decrypted: its table, its row's key ({@code submission-id/KIND} where a row
     * is one of a submission's), and why, in the words of the failure, which name key ids and never a value.
     */
    public record UnreadableValue(String table, String row, String reason) {
        @Override
        public String toString() {
            return table + " " + row + ": " + reason;
        }
    }
}
