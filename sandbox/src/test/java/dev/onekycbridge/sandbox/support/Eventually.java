package dev.onekycbridge.sandbox.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds, for the sandbox's asynchronous processing and callbacks. */
public final class Eventually {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Eventually() {
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return await(probe, done, DEFAULT_TIMEOUT);
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + timeout + "; last value: " + last);
            }
            pause(10);
            last = probe.get();
        }
        return last;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
