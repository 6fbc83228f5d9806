package dev.onekycbridge.core.port.out;

/**
 * Stored data cannot be decrypted with the data keys this instance is configured with: in a rolling key rotation,
 * the key another instance already writes under, not configured here yet. Another instance, or this one once the
 * key is configured, reads it; the store itself works. The message names key ids, never a stored value.
 */
public class StoredDataUnreadableException extends RuntimeException {
    private final String keyId;

    public StoredDataUnreadableException(String message, String keyId) {
        super(message);
        this.keyId = keyId;
    }

    /** The id of the key the stored data says it was encrypted under (an id, not a secret). */
    public String keyId() {
        return keyId;
    }
}
