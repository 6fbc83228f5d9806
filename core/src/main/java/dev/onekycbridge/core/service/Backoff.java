package dev.onekycbridge.core.service;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time between zero and
 * {@code min(cap, base * 2^n)}, so that many submissions failing together do not retry together.
 */
public record Backoff(Duration base, Duration cap) {
    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.compareTo(Duration.ofMillis(1)) < 0 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 1 ms <= base <= cap");
        }
    }

    /** The upper bound of the wait before retry number {@code attempt} (0 for the first retry). */
    public Duration ceiling(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long millis = saturatedMillis(base);
        long ceiling = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(ceiling, saturatedMillis(cap)));
    }

    /** A random wait in {@code [0, ceiling(attempt)]}. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling == Long.MAX_VALUE ? ceiling : ceiling + 1));
    }

    private static long saturatedMillis(Duration duration) {
        return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toMillis();
    }
}
