package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.StoredDataUnreadableException;

/**
 * Stored data cannot be decrypted with the configured data key: another key encrypted it, or the key with its
 * id is not the one configured. The message names key ids only, never a value.
 */
public final class DataKeyMismatchException extends StoredDataUnreadableException {
    DataKeyMismatchException(String message, String storedKeyId) {
        super(message, storedKeyId);
    }

    /** The id of the key the stored data says it was encrypted under. */
    public String storedKeyId() {
        return keyId();
    }
}
