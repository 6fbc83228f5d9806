package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets what no caller can reach any more, so that a sandbox running for days under test traffic keeps a bounded
 * amount of memory. Runs on the sandbox's clock, at most once per {@link #INTERVAL}, when a request arrives: an
 * idle sandbox does not grow, so it needs no timer of its own.
 */
public final class Housekeeping {

    /** Sandbox time between two sweeps: a sweep walks every submission, so not on every request. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final SandboxState state;
    private Instant nextSweep = Instant.MIN;

    public Housekeeping(SandboxState state) {
        this.state = state;
    }

    /** Sweeps if the interval has passed since the last sweep. */
    public void sweepIfDue() {
        Instant now = state.now();
        synchronized (this) {
            if (now.isBefore(nextSweep)) {
                return;
            }
            nextSweep = now.plus(INTERVAL);
        }
        sweep(now);
    }

    /** Forgets expired tokens: an expired token is refused exactly like one never issued. */
    void sweep(Instant now) {
        state.tokens().forgetExpired(now);
    }
}
