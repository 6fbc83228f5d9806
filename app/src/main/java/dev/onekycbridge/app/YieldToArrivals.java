package dev.onekycbridge.app;

import java.time.Duration;

/**
 * How the callback worker gives way to the callbacks still arriving: after a round during which one or more
 * arrived, it rests {@code restPerWork} times as long as the round took, so that it takes at most
 * {@code 1 / (1 + restPerWork)} of its thread's time, and of the store's writer, while they keep coming.
 *
 * <p>Answering the platform comes first. A stored callback is safe and can be applied a little later, while an
 * answer that waits behind the worker makes the platform's sender time out and send the callback again. On a
 * machine of two cores, a worker working off a backlog (callbacks that match no submission yet are looked at
 * again and again) took as much CPU as the receivers, the writer and the JIT together, and answers at 1,000
 * callbacks/s waited for up to two seconds. With no arrivals during a round the worker does not rest, so a
 * backlog is worked off at full speed once the callbacks stop coming.
 *
 * <p>A rest lasts at most {@link #LONGEST_REST}: a round that took long was waiting (for the platform, when a KTP
 * scan's details are asked for), not using the CPU, and a long rest would only delay the results and a stop.
 */
record YieldToArrivals(int restPerWork) {
    static final Duration LONGEST_REST = Duration.ofMillis(100);
    /** At most a quarter of the worker's time while callbacks keep arriving. */
    static final YieldToArrivals CALLBACK_WORKER = new YieldToArrivals(3);
    /** For loops whose work does not compete with an intake that must answer at once. */
    static final YieldToArrivals NEVER = new YieldToArrivals(0);

    YieldToArrivals {
        if (restPerWork < 0) {
            throw new IllegalArgumentException("restPerWork must not be negative");
        }
    }

    /** How long to rest after a round that did work and took {@code roundNanos}. */
    long restNanos(long roundNanos, boolean arrivedDuringRound) {
        if (!arrivedDuringRound || roundNanos <= 0) {
            return 0;
        }
        return Math.min(LONGEST_REST.toNanos(), roundNanos * restPerWork);
    }
}
