package dev.onekycbridge.adapter.persistence;

/**
 * The database failed or could not be reached. The message names the operation and the SQL state, never a
 * stored value; the cause keeps the driver's exception for diagnosis.
 */
public final class PersistenceException extends RuntimeException {
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
