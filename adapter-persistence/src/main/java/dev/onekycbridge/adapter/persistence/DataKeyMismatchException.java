package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.StoredDataUnreadableException;

/**
 * Stored data cannot be decrypted with the configured data keys: the key it names is not configured, or is not the
 * key with that id the database knows (a start refuses it), or is configured and does not open the value, which is
 * then damaged ({@link Kind#DAMAGED}). The message names key ids and where the value lives, never a value.
 */
public final class DataKeyMismatchException extends StoredDataUnreadableException {
    DataKeyMismatchException(String message, String storedKeyId) {
        super(message, storedKeyId);
    }

    DataKeyMismatchException(String message, String storedKeyId, Kind kind) {
        super(message, storedKeyId, kind);
    }

    /** The id of the key the stored data says it was encrypted under. */
    public String storedKeyId() {
        return keyId();
    }
}
