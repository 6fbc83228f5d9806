package dev.onekycbridge.sandbox.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackRetry;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.callback.CallbackAttempt;
import dev.onekycbridge.sandbox.callback.CallbackDelivery;
import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.callback.CallbackMessage;
import dev.onekycbridge.sandbox.callback.DeliveryState;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.Owner;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.model.SubmissionStatus;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.support.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A callback the HTTP client refuses outright (it throws rather than failing its future; a closed client is one
 * such refusal that needs no bad configuration) is a failed attempt, and processing goes on regardless.
 */
class UnsendableCallbackTest {

    private Vertx vertx;
    private HttpClient closedClient;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        closedClient = vertx.createHttpClient();
        closedClient.close().toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aCallbackTheClientRefusesFailsItsDeliveryAndTheSubmissionStillCompletes() {
        SandboxConfig config = SandboxConfig.defaults().withProcessingDelayMillis(10).withCompletionDelayMillis(10)
                .withCallbackRetry(new CallbackRetry(2, 10, 10_000))
                .withCallback(CallbackChannel.ESIGN, CallbackTarget.post("http://127.0.0.1:8080/cb"));
        SandboxState state = new SandboxState(config, Clock.systemUTC(), s -> Optional.empty());
        CallbackDispatcher dispatcher = new CallbackDispatcher(vertx, closedClient, state::config, state.callbacks(),
                state.dice(), state::epoch, state.clock());
        SubmissionProcessor processor = new SubmissionProcessor(vertx, state, dispatcher,
                s -> new CallbackMessage(s.status().name(), null, null, "{}"));
        Instant now = state.now();
        state.submissions().add(Submission.awaitingUpload("s-1", Flow.CERT_REG,
                new Owner(SandboxConfig.DEFAULT_CLIENT_ID, SandboxConfig.CERT_REG_PARTNER),
                new PartnerUser("user-1", "TEST_USER_ID"), Scenario.VALID, "session-1", null,
                Map.of(DocumentType.KTP, "s-1_KTP", DocumentType.SELFIE, "s-1_SELFIE"), now.plusSeconds(600), now)
                .confirmed("session-1", "fingerprint", now));

        processor.startProcessing("s-1");

        Eventually.await(() -> state.submissions().find("s-1").orElseThrow().status(),
                status -> status == SubmissionStatus.COMPLETED);
        List<CallbackDelivery> deliveries = Eventually.await(() -> state.callbacks().forSubmission("s-1"),
                found -> found.size() == 2 && found.stream().allMatch(d -> d.state() == DeliveryState.FAILED));
        assertThat(deliveries).extracting(CallbackDelivery::status)
                .containsExactlyInAnyOrder("PARTIALLY_COMPLETED", "COMPLETED");
        assertThat(deliveries).allSatisfy(d -> assertThat(d.attempts()).extracting(CallbackAttempt::error)
                .containsExactly("CONNECTION_ERROR: IllegalStateException",
                        "CONNECTION_ERROR: IllegalStateException"));
        assertThat(state.callbacks().isDelivering("s-1")).isFalse();
    }

    @Test
    void aManualCallbackTheClientRefusesIsRecordedAsFailedRatherThanThrown() {
        SandboxConfig config = SandboxConfig.defaults().withCallbackRetry(new CallbackRetry(1, 10, 10_000))
                .withCallback(CallbackChannel.COE, CallbackTarget.post("http://127.0.0.1:8080/cb"));
        SandboxState state = new SandboxState(config, Clock.systemUTC(), s -> Optional.empty());
        CallbackDispatcher dispatcher = new CallbackDispatcher(vertx, closedClient, state::config, state.callbacks(),
                state.dice(), state::epoch, state.clock());

        CallbackDelivery sent = dispatcher.manual("s-2", CallbackChannel.COE,
                new CallbackMessage("COMPLETED", "VALID", "", "{}")).orElseThrow();

        CallbackDelivery settled = Eventually.await(() -> state.callbacks().find(sent.id()).orElseThrow(),
                d -> d.state() != DeliveryState.PENDING);
        assertThat(settled.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(settled.attempts()).hasSize(1);
    }
}
