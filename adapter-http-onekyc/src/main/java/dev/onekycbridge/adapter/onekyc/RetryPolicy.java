package dev.onekycbridge.adapter.onekyc;

import java.time.Duration;
import java.util.Objects;

/**
 * How one call is retried on a connection error, a timeout (ours, or the server's: 408, the storage's 400
 * {@code RequestTimeout}), a 5xx or a 429 (other than
 * {@code SUBMISSION_QUOTA_EXCEEDED}, which is final): up to {@link #maxAttempts()}
 * attempts in all, waiting a random time between zero and {@code min(maxDelay, baseDelay × 2^(retry − 1))}
 * before each retry ("full jitter"). A {@code Retry-After} of the platform is honoured exactly when it is within
 * {@link #maxDelay()}; a longer one ends the call with a {@code PlatformUnavailableException} that carries it,
 * so that the caller's scheduler waits instead of a thread. Other 4xx are never retried.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS =
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;

    private RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay, "baseDelay == null");
        Objects.requireNonNull(maxDelay, "maxDelay == null");
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (baseDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("baseDelay must not exceed maxDelay");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** Three attempts, 200 ms base delay, 5 s cap. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    public static RetryPolicy of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
    }

    /** One attempt: every transient failure goes straight to the caller. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, DEFAULTS.maxDelay);
    }

    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
    }

    public RetryPolicy withBaseDelay(Duration baseDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
    }

    public RetryPolicy withMaxDelay(Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param random a number in [0, 1)
     */
    Duration backoff(int retry, double random) {
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        return Duration.ofMillis((long) (ceiling * random));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetryPolicy that && maxAttempts == that.maxAttempts
                && baseDelay.equals(that.baseDelay) && maxDelay.equals(that.maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, baseDelay, maxDelay);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay + "]";
    }
}
