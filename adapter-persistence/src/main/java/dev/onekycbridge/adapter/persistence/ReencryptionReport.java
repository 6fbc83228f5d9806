package dev.onekycbridge.adapter.persistence;

/**
 * What a re-encryption rewrote: how many stored values of each kind moved to the key {@code dataKeyId}.
 * Values already under that key, and erased ones, are not counted.
 */
public record ReencryptionReport(String dataKeyId, long submissions, long documentUrls, long stagedImages,
                                 long callbacks) {
    public long total() {
        return submissions + documentUrls + stagedImages + callbacks;
    }
}
