package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.callback.CallbackDelivery;
import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.callback.CallbackMessage;
import dev.onekycbridge.sandbox.json.ResultJson;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.Optional;

/** The sandbox's parts wired together, and the operations the control API offers on them. */
public final class SandboxEngine {

    private final SandboxState state;
    private final Links links;
    private final HttpClient client;
    private final CallbackDispatcher dispatcher;
    private final ResultJson results;
    private final SubmissionProcessor processor;
    private final Housekeeping housekeeping;

    public SandboxEngine(Vertx vertx, SandboxConfig initialConfig, Clock clock) {
        this.state = new SandboxState(initialConfig, clock, Settling::settledAt);
        this.links = new Links(state.signer(), clock);
        // No keep-alive: a partner's receiver that restarts between callbacks must not see a stale connection. The
        // dispatcher caps exchanges at MAX_EXCHANGES itself; a pool of twice that per host never makes one wait for a
        // connection (Vert.x's default of 5 did, the wait counting against the attempt's timeout), even while the
        // connections of exchanges just done are still closing.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(2 * CallbackDispatcher.MAX_EXCHANGES));
        this.dispatcher = new CallbackDispatcher(vertx, client, state::config, state.callbacks(), state.dice(),
                state::epoch, clock);
        this.results = new ResultJson(state, links);
        this.processor = new SubmissionProcessor(vertx, state, dispatcher, results::callback);
        this.housekeeping = new Housekeeping(state, dispatcher);
    }

    public SandboxState state() {
        return state;
    }

    public Links links() {
        return links;
    }

    public ResultJson results() {
        return results;
    }

    public SubmissionProcessor processor() {
        return processor;
    }

    public Housekeeping housekeeping() {
        return housekeeping;
    }

    /** Forgets everything and returns to the start configuration. */
    public void reset() {
        state.reset();
        dispatcher.forget();
    }

    public int expireTokens() {
        return state.tokens().expireAll(state.now());
    }

    public boolean completeJourney(String submissionId) {
        return processor.completeJourney(submissionId);
    }

    /** Sends the submission's current callback now; empty when its channel has no callback URL. */
    public Optional<CallbackDelivery> sendCallback(Submission submission) {
        return dispatcher.manual(submission.id(), submission.flow().channel(), results.callback(submission));
    }

    /** Sends a callback with status, result and reasonCode replaced; the submission itself does not change. */
    public Optional<CallbackDelivery> sendCustomCallback(Submission submission, String status, String result,
            String reasonCode) {
        CallbackMessage message = results.customCallback(submission, status, result, reasonCode);
        return dispatcher.manual(submission.id(), submission.flow().channel(), message);
    }

    /**
     * Stops processing timers and callback retries, then the HTTP client. On a Vert.x instance the sandbox does
     * not own, the timers would otherwise go on firing after close and fail on the closed client.
     */
    public void close() {
        reset();
        client.close();
    }
}
