package dev.onekycbridge.core.port.out;

import java.util.Objects;

/**
 * Stored data cannot be read, for one of two {@link Kind kinds} of reason that call for different answers:
 * its data key is not configured on this instance (another instance, or this one once the key is configured, reads
 * it: trying again later helps), or it is damaged: its key is configured and does not open it, or opens it and what
 * it holds does not parse (no instance reads it, and trying again does not help). Either way the store itself works. The message names key ids and
 * where the value lives (table, column and row ids), never a stored value.
 */
public class StoredDataUnreadableException extends RuntimeException {
    /** Why stored data cannot be read. */
    public enum Kind {
        /**
         * Encrypted under a data key this instance is not configured with: in a rolling key rotation, the key
         * another instance already writes under. Another instance, or a later try, reads it.
         */
        KEY_NOT_CONFIGURED,
        /**
         * Its data key is configured but does not open it: the value was altered (a flipped bit), copied from
         * another row, or restored from another database; or opens it and what it holds does not parse. No instance
         * reads it until it is repaired.
         */
        DAMAGED
    }

    private final String keyId;
    private final Kind kind;

    /** Stored data under a data key that is not configured here ({@link Kind#KEY_NOT_CONFIGURED}). */
    public StoredDataUnreadableException(String message, String keyId) {
        this(message, keyId, Kind.KEY_NOT_CONFIGURED);
    }

    public StoredDataUnreadableException(String message, String keyId, Kind kind) {
        super(message);
        this.keyId = keyId;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The id of the key the stored data says it was encrypted under (an id, not a secret). */
    public String keyId() {
        return keyId;
    }

    public Kind kind() {
        return kind;
    }
}
