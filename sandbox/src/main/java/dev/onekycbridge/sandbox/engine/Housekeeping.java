package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Forgets what no caller can reach any more, so that a sandbox running for days under test traffic keeps a bounded
 * amount of memory. Runs on the sandbox's clock, at most once per {@link #INTERVAL}, when a request arrives: an
 * idle sandbox does not grow, so it needs no timer of its own. A sweep reads only what is due (the stores keep it
 * in expiry order), so it costs what it forgets, not what is kept.
 */
public final class Housekeeping {

    /** Sandbox time between two sweeps. */
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
     * Stops counting expired tokens (an expired token is refused exactly like one never issued), forgets submissions
     * settled longer than the retention ago, and image bytes no URL can reach any more.
     */
    void sweep(Instant now) {
        state.tokens().forgetExpired(now);
        forgetSettled(now, Duration.ofSeconds(state.config().retentionSeconds()));
        forgetUnreachableBytes(now);
    }

    /**
     * With their documents, callback records and SIV tokens; one whose callback is still being delivered waits for
     * it.
     */
    private void forgetSettled(Instant now, Duration retention) {
        List<Submission> forgotten = state.submissions().forgetSettled(now, retention,
                state.callbacks()::isDelivering);
        if (forgotten.isEmpty()) {
            return;
        }
        Set<String> gone = new LinkedHashSet<>();
        for (Submission s : forgotten) {
            gone.add(s.id());
            if (s.journey() != null) {
                state.tokens().release(s.journey().userToken(), now);
            }
        }
        state.objects().forget(gone);
        state.callbacks().forget(gone);
        dispatcher.forget(gone);
    }

    /**
     * Confirmed, its upload URLs expired, and no result hands out a download URL: no caller can reach the bytes
     * any more. The records stay for the control API.
     */
    private void forgetUnreachableBytes(Instant now) {
        List<String> unreachable = state.submissions().takeBytesOutOfReach(now);
        if (!unreachable.isEmpty()) {
            state.objects().forgetBytes(new LinkedHashSet<>(unreachable));
        }
    }
}
