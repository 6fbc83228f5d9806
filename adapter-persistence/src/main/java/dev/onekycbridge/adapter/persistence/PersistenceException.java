package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.StoreUnavailableException;

/**
 * The database failed or could not be reached. The message names the operation and the SQL state, never a
 * stored value; the cause keeps the driver's exception for diagnosis. To the core and the other adapters it is a
 * {@link StoreUnavailableException}: the partner API answers it with 503 and a Retry-After.
 */
public final class PersistenceException extends StoreUnavailableException {
    private final boolean constraintViolation;
    /** The database's SQL state, null where it gave none. */
    private final String sqlState;

    PersistenceException(String message, Throwable cause) {
        this(message, cause, false, null);
    }

    /**
     * A write whose connection was lost may have been committed all the same (see {@link #wroteNothing}); the
     * others, refused, rolled back or never sent, wrote nothing. SQLite commits in this process: its outcome is
     * always known.
     */
    PersistenceException(String message, Throwable cause, boolean constraintViolation, String sqlState) {
        super(message, cause, !isConnectionLost(sqlState));
        this.constraintViolation = constraintViolation;
        this.sqlState = sqlState;
    }

    /** Whether a unique, foreign key or other constraint refused the write. */
    boolean isConstraintViolation() {
        return constraintViolation;
    }

    /**
     * Whether the connection was lost: the server could not be reached or stopped answering (08…), ended the
     * session (57P01 an operator or a shutdown, 57P02 a crash) or is starting (57P03).
     */
    boolean isConnectionLost() {
        return isConnectionLost(sqlState);
    }

    private static boolean isConnectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }

    /**
     * Whether PostgreSQL ended the statement for waiting too long: for a lock another session held (55P03), or past
     * the statement timeout (57014). Another write may well succeed meanwhile; this one, on the same rows or table,
     * fails again until the holder lets go.
     */
    boolean isHeldBack() {
        return "55P03".equals(sqlState) || "57014".equals(sqlState);
    }
}
