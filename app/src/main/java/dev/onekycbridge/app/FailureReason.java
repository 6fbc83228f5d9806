package dev.onekycbridge.app;

import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;

/**
 * What the log may say of why background work failed: a store's own message names the fault and no stored value,
 * and so does that of stored data under a data key not configured (key ids only); another exception, whose message
 * may hold anything, only its class.
 */
final class FailureReason {
    private FailureReason() {
    }

    static String of(RuntimeException e) {
        return e instanceof StoreUnavailableException || e instanceof StoredDataUnreadableException
                ? e.getMessage() : e.getClass().getName();
    }
}
