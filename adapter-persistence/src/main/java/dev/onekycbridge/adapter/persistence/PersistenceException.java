package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.StoreUnavailableException;

/**
 * The database failed or could not be reached. The message names the operation and the SQL state, never a
 * stored value; the cause keeps the driver's exception for diagnosis. To the core and the other adapters it is a
 * {@link StoreUnavailableException}: the partner API answers it with 503 and a Retry-After.
 */
public final class PersistenceException extends StoreUnavailableException {
    private final boolean constraintViolation;

    PersistenceException(String message, Throwable cause) {
        this(message, cause, false);
    }

    PersistenceException(String message, Throwable cause, boolean constraintViolation) {
        super(message, cause);
        this.constraintViolation = constraintViolation;
    }

    /** Whether a unique, foreign key or other constraint refused the write. */
    boolean isConstraintViolation() {
        return constraintViolation;
    }
}
