package dev.onekycbridge.sandbox.state;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.callback.CallbackLog;
import dev.onekycbridge.sandbox.faults.Dice;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.ObjectStore;
import dev.onekycbridge.sandbox.objects.UrlSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Everything one sandbox remembers, and the configuration it runs with.
 *
 * <p>The epoch changes on every reset: timers and callback retries started before a reset carry the old epoch and
 * stop instead of touching the new state.
 */
public final class SandboxState {

    private final SandboxConfig initialConfig;
    private final Clock clock;
    private final AtomicReference<SandboxConfig> config;
    private final AtomicLong epoch = new AtomicLong();
    private final SubmissionStore submissions;
    private final TokenStore tokens = new TokenStore();
    private final ObjectStore objects = new ObjectStore();
    private final RequestLog requests = new RequestLog();
    private final CallbackLog callbacks = new CallbackLog();
    private final UrlSigner signer = new UrlSigner();
    private final Dice dice = new Dice();

    /** @param settledAt when nothing more can happen to a submission: what its retention counts from */
    public SandboxState(SandboxConfig initialConfig, Clock clock,
            Function<Submission, Optional<Instant>> settledAt) {
        this.initialConfig = Objects.requireNonNull(initialConfig, "initialConfig");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.submissions = new SubmissionStore(settledAt);
        this.config = new AtomicReference<>(initialConfig);
        dice.reseed(initialConfig.faults().seed());
    }

    public SandboxConfig config() {
        return config.get();
    }

    /** Applies a change; a configuration with a seed restarts the fault draws from it, for reproducible runs. */
    public synchronized SandboxConfig updateConfig(UnaryOperator<SandboxConfig> change) {
        SandboxConfig next = Objects.requireNonNull(change.apply(config.get()), "config");
        config.set(next);
        if (next.faults().seed() != null) {
            dice.reseed(next.faults().seed());
        }
        return next;
    }

    /** Forgets everything and returns to the start configuration. */
    public synchronized void reset() {
        epoch.incrementAndGet();
        submissions.clear();
        tokens.clear();
        objects.clear();
        requests.clear();
        callbacks.clear();
        signer.rotate();
        config.set(initialConfig);
        dice.reseed(initialConfig.faults().seed());
    }

    public long epoch() {
        return epoch.get();
    }

    public Instant now() {
        return clock.instant();
    }

    public Clock clock() {
        return clock;
    }

    public SubmissionStore submissions() {
        return submissions;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public ObjectStore objects() {
        return objects;
    }

    public RequestLog requests() {
        return requests;
    }

    public CallbackLog callbacks() {
        return callbacks;
    }

    public UrlSigner signer() {
        return signer;
    }

    public Dice dice() {
        return dice;
    }
}
