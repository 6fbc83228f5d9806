package dev.onekycbridge.sandbox.callback;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * Caps the callback exchanges under way at once, so a burst of callbacks opens a bounded number of connections.
 * One beyond the cap waits here, before its attempt starts: its timeout then bounds its own exchange only, never time
 * spent queued inside the sandbox (as it would in the HTTP client's pool, whose wait counts as connecting).
 */
final class ExchangeSlots {

    private final int capacity;
    /** Starts the exchange a freed slot goes to: not on the freeing stack, which quick failures would deepen. */
    private final Executor handOver;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int taken;

    ExchangeSlots(int capacity, Executor handOver) {
        this.capacity = capacity;
        this.handOver = handOver;
    }

    /** Runs {@code exchange} once a slot is free, now if one is; it must {@link #free} the slot when done. */
    void take(Runnable exchange) {
        synchronized (this) {
            if (taken >= capacity) {
                waiting.addLast(exchange);
                return;
            }
            taken++;
        }
        exchange.run();
    }

    /** Gives the slot to the exchange waiting longest, if any. */
    void free() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                taken--;
                return;
            }
        }
        handOver.execute(next);
    }
}
