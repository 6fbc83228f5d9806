package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Forgets what no caller can reach any more, so that a sandbox running for days under test traffic keeps a bounded
 * amount of memory. Runs on the sandbox's clock, at most once per {@link #INTERVAL}, when a request arrives: an
 * idle sandbox does not grow, so it needs no timer of its own.
 */
public final class Housekeeping {

    /** Sandbox time between two sweeps: a sweep walks every submission, so not on every request. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final SandboxState state;
    private final CallbackDispatcher dispatcher;
    private Instant nextSweep = Instant.MIN;

    public Housekeeping(SandboxState state, CallbackDispatcher dispatcher) {
        this.state = state;
        this.dispatcher = dispatcher;
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

    /**
     * Forgets expired tokens (an expired token is refused exactly like one never issued), and submissions settled
     * longer than the retention ago, with their documents and callback records. A submission whose callback is
     * still being delivered stays until the delivery settles.
     */
    void sweep(Instant now) {
        state.tokens().forgetExpired(now);
        SandboxConfig config = state.config();
        Duration retention = Duration.ofSeconds(config.retentionSeconds());
        Duration uploadUrlTtl = Duration.ofSeconds(config.presignedUrlTtlSeconds());
        Set<String> delivering = state.callbacks().delivering();
        Set<String> gone = state.submissions().forget(s -> !delivering.contains(s.id())
                && Settling.settledAt(s, uploadUrlTtl).map(at -> !at.plus(retention).isAfter(now)).orElse(false));
        if (!gone.isEmpty()) {
            state.objects().forget(gone);
            state.callbacks().forget(gone);
            dispatcher.forget(gone);
        }
    }
}
