package dev.onekycbridge.core.port.out;

/**
 * The store failed or could not be reached: a database that is down, out of disk, or closed. A store throws it (or
 * a subclass) for every failure that is not one of the outcomes its port names, such as a
 * {@link DuplicateSubmissionException}, nor stored data that does not decrypt, under a key this instance lacks or
 * damaged ({@link StoredDataUnreadableException}). The caller may try again later; a write that failed during its
 * commit may or may not have been stored, which a retry with the same idempotency key resolves. The message names
 * the operation, never a stored value.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
