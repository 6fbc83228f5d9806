package dev.onekycbridge.benchmarks.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when told to: shared by the client and the sandbox to simulate hours in seconds. */
public final class SimulatedClock extends Clock {
    private final AtomicReference<Instant> now;

    public SimulatedClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration step) {
        now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
