package dev.onekycbridge.core.port.out;

/**
 * The store failed or could not be reached: a database that is down, out of disk, or closed. A store throws it (or
 * a subclass) for every failure that is not one of the outcomes its port names, such as a
 * {@link DuplicateSubmissionException}, nor stored data that does not decrypt, under a key this instance lacks or
 * damaged ({@link StoredDataUnreadableException}). The caller may try again later; a write that failed during its
 * commit may or may not have been stored, which a retry with the same idempotency key resolves, and which
 * {@link #wroteNothing} tells apart from a write that certainly was not. The message names the operation, never a
 * stored value.
 */
public class StoreUnavailableException extends RuntimeException {
    private final boolean wroteNothing;

    /** A failure after which the store cannot say whether what the call was to write was stored. */
    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** A failure, with whether the call certainly wrote nothing ({@link #wroteNothing}). */
    public StoreUnavailableException(String message, Throwable cause, boolean wroteNothing) {
        super(message, cause);
        this.wroteNothing = wroteNothing;
    }

    /**
     * Whether the call certainly wrote nothing: the database refused or rolled back the write, or it never reached
     * the database. False where the store cannot tell: a connection lost while a write was committed leaves the
     * commit to the database, which may still make it, and a read right after, on another connection, need not see
     * it yet. Nothing a caller does on the strength of "not stored" may then undo what the write holds.
     */
    public boolean wroteNothing() {
        return wroteNothing;
    }
}
