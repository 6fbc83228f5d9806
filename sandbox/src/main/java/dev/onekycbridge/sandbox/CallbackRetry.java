package dev.onekycbridge.sandbox;

/**
 * How callbacks are retried after a non-2xx answer, a connection error or a timeout.
 *
 * @param maxAttempts          attempts in all, the first included
 * @param initialBackoffMillis wait before the second attempt; doubles after each further failure
 * @param timeoutMillis        how long one attempt may take
 */
public record CallbackRetry(int maxAttempts, long initialBackoffMillis, long timeoutMillis) {

    public static final long MAX_BACKOFF_MILLIS = 60_000;

    public CallbackRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoffMillis < 1) {
            throw new IllegalArgumentException("initialBackoffMillis must be at least 1");
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis must be at least 1");
        }
    }

    public static CallbackRetry defaults() {
        return new CallbackRetry(6, 200, 2_000);
    }

    /** The wait after failed attempt {@code attempt} (1-based), capped at a minute. */
    public long backoffAfter(int attempt) {
        long wait = initialBackoffMillis;
        for (int i = 1; i < attempt && wait < MAX_BACKOFF_MILLIS; i++) {
            wait *= 2;
        }
        return Math.min(wait, MAX_BACKOFF_MILLIS);
    }
}
