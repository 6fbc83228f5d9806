package dev.onekycbridge.adapter.onekyc;

import java.time.Duration;

/**
 * What the client tells about its own work, for metrics. Every method has an empty default; a listener
 * overrides what it counts. Listeners are called on the calling thread and must be quick and thread-safe; an
 * exception they throw is ignored.
 *
 * <p>Call names are stable: {@code esign.token}, {@code coe.partnerToken}, {@code coe.userToken},
 * {@code esign.uploadUrls}, {@code esign.confirm}, {@code esign.details}, {@code esign.initiateFlow},
 * {@code coe.uploadUrls}, {@code coe.confirm}, {@code coe.status}, {@code coe.details}, {@code storage.upload}.
 */
public interface ClientMetrics {
    /** Which token cache a token went to. */
    enum TokenKind {
        /** The Esign partner token (certificate registration, identity verification). */
        ESIGN_PARTNER,
        /** The COE partner token (KTP scan details). */
        COE_PARTNER,
        /** A COE user token, one per partner user (KTP scan uploads, confirm, status). */
        COE_USER
    }

    /** A listener that counts nothing. */
    ClientMetrics NONE = new ClientMetrics() {
    };

    /** A new token was obtained from the platform (a cache miss, an expiry, or a refresh after a 401). */
    default void tokenFetched(TokenKind kind) {
    }

    /**
     * A call is about to be retried after a transient failure.
     *
     * @param attempt the number of the attempt about to start (2 for the first retry)
     * @param delay how long the client waits before it
     */
    default void retrying(String call, int attempt, Duration delay) {
    }

    /** A call got a 401; the token was dropped and the call is replayed once with a fresh one. */
    default void replayingAfterUnauthorized(String call) {
    }
}
