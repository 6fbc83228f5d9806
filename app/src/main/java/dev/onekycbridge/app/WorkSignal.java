package dev.onekycbridge.app;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes the workers when new work arrives (a submission accepted, a callback stored), so that it is picked up
 * at once instead of at the next idle poll of the store.
 */
final class WorkSignal {
    private final Semaphore permits = new Semaphore(0);
    private final AtomicLong signals = new AtomicLong();

    void signal() {
        signals.incrementAndGet();
        // Enough permits for every worker; extra ones only cause one spare look at the store.
        if (permits.availablePermits() < 64) {
            permits.release(8);
        }
    }

    /** How many signals were given so far: a loop compares two readings to tell whether work arrived between. */
    long signals() {
        return signals.get();
    }

    /** Waits for a signal or the timeout; returns early on either. */
    void await(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }
}
