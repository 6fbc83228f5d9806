package dev.onekycbridge.app;

import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;

/**
 * What the log may say of why background work failed: a store's own message names the fault and no stored value,
 * and so does that of stored data under a data key not configured (key ids only); another exception, or an error
 * (an {@link OutOfMemoryError}, a {@link StackOverflowError}, a {@link LinkageError}), whose message may hold
 * anything, only its class.
 */
final class FailureReason {
    private FailureReason() {
    }

    static String of(Throwable e) {
        return e instanceof StoreUnavailableException || e instanceof StoredDataUnreadableException
                ? e.getMessage() : e.getClass().getName();
    }

    /**
     * How loud a failure of background work is: an {@link Error} (the heap exhausted, a stack overflow, a class
     * that would not load) is no passing trouble of the store or the platform, and is logged as an error.
     */
    static System.Logger.Level levelOf(Throwable e) {
        return e instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
    }
}
