package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
     * Forgets expired tokens (an expired token is refused exactly like one never issued), submissions settled
     * longer than the retention ago, and image bytes no URL can reach any more.
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
        Set<String> delivering = state.callbacks().delivering();
        // Compared as durations: a retention beyond the calendar (a "forever" like Long.MAX_VALUE) added to an
        // instant would overflow and fail the request that runs the sweep.
        List<Submission> forgotten = state.submissions().forget(s -> !delivering.contains(s.id())
                && Settling.settledAt(s)
                        .map(at -> Duration.between(at, now).compareTo(retention) >= 0).orElse(false));
        if (!forgotten.isEmpty()) {
            Set<String> gone = forgotten.stream().map(Submission::id).collect(Collectors.toSet());
            state.objects().forget(gone);
            state.callbacks().forget(gone);
            dispatcher.forget(gone);
            for (Submission s : forgotten) {
                if (s.journey() != null) {
                    state.tokens().release(s.journey().userToken(), now);
                }
            }
        }
    }

    /**
     * Confirmed, its upload URLs expired, and no result hands out a download URL: no caller can reach the bytes
     * any more. The records stay for the control API.
     */
    private void forgetUnreachableBytes(Instant now) {
        Set<String> unreachable = new HashSet<>();
        for (Submission kept : state.submissions().all()) {
            if (!kept.flow().servesImages() && kept.isConfirmed()
                    && now.isAfter(kept.uploadUrlsExpireAt())) {
                unreachable.add(kept.id());
            }
        }
        if (!unreachable.isEmpty()) {
            state.objects().forgetBytes(unreachable);
        }
    }
}
