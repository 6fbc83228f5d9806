package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.CallbackReceiver.Received;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CallbackDeliveryTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    /** A scenario with a single callback keeps the attempt counts readable. */
    private static final String ONE_CALLBACK = "NOT_EKTP";

    private CallbackReceiver receiver;
    private Platform platform;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        target(CallbackTarget.post(receiver.url("/cb")));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private void target(CallbackTarget target) {
        SANDBOX.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN, target));
    }

    private JsonObject settledDelivery(String submissionId, int index) {
        JsonObject view = Eventually.await(() -> platform.submission(submissionId), v -> {
            JsonArray callbacks = v.getJsonArray("callbacks");
            return callbacks.size() > index && !List.of("PENDING", "HELD")
                    .contains(callbacks.getJsonObject(index).getString("state"));
        });
        return view.getJsonArray("callbacks").getJsonObject(index);
    }

    private static List<Object> statuses(JsonObject delivery) {
        return delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getValue("httpStatus")).toList();
    }

    @Test
    void aCallbackAnswered500IsRetriedUntilTheReceiverAccepts() {
        receiver.answerNext(500, 500);

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        List<Received> received = receiver.awaitCount(3);
        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(received).extracting(Received::body).containsOnly(received.get(0).body());
        assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
        assertThat(statuses(delivery)).containsExactly(500, 500, 200);
        assertThat(delivery.getJsonArray("attempts").getJsonObject(2).getInteger("attempt")).isEqualTo(3);
    }

    /** Esign retries "if no 2xx": any 2xx delivers its callback, where COE and SIV take 200 alone. */
    @Test
    void anEsignCallbackAnsweredWithAny2xxIsDelivered() {
        receiver.answerNext(204);

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
        assertThat(statuses(delivery)).containsExactly(204);
        assertThat(CallbackChannel.COE.accepts(204)).isFalse();
        assertThat(CallbackChannel.SIV.accepts(201)).isFalse();
        assertThat(CallbackChannel.SIV.accepts(200)).isTrue();
    }

    @Test
    void deliveryStopsAfterTheConfiguredNumberOfAttempts() {
        receiver.answerAlways(500);

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(delivery.getString("state")).isEqualTo("FAILED");
        assertThat(statuses(delivery)).containsExactly(500, 500, 500, 500);
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void theBackoffDoublesAfterEachFailure() {
        SANDBOX.control().updateConfig(c -> c.withCallbackRetry(new CallbackRetry(4, 60, 1_000)));
        receiver.answerAlways(503);

        platform.startCertReg(Platform.user(ONE_CALLBACK));

        List<Received> received = receiver.awaitCount(4);
        for (int i = 1; i < 4; i++) {
            long gap = Duration.between(received.get(i - 1).at(), received.get(i).at()).toMillis();
            assertThat(gap).as("gap before attempt " + (i + 1)).isGreaterThanOrEqualTo(60L * (1L << (i - 1)) - 5);
        }
    }

    @Test
    void aRefusedConnectionIsRecordedAndRetried() {
        CallbackReceiver gone = CallbackReceiver.start();
        String url = gone.url("/cb");
        gone.close();
        target(CallbackTarget.post(url));

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(delivery.getString("state")).isEqualTo("FAILED");
        assertThat(delivery.getJsonArray("attempts")).hasSize(4);
        assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getValue("httpStatus")).isNull();
        assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getString("error"))
                .isEqualTo("CONNECTION_REFUSED");
    }

    @Test
    void aReceiverSlowerThanTheTimeoutCountsAsAFailedAttempt() {
        SANDBOX.control().updateConfig(c -> c.withCallbackRetry(new CallbackRetry(2, 20, 100)));
        receiver.delayAnswers(Duration.ofMillis(400));

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(delivery.getString("state")).isEqualTo("FAILED");
        assertThat(delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getString("error")))
                .containsExactly("TIMEOUT", "TIMEOUT");
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void theTimeoutBoundsTheWholeAttemptSoAReceiverTricklingItsAnswerTimesOut() {
        SANDBOX.control().updateConfig(c -> c.withCallbackRetry(new CallbackRetry(2, 20, 500)));
        // A byte every 200 ms: the connection is never idle for 500 ms, and the answer takes 4 s in all.
        receiver.trickleAnswers(20, Duration.ofMillis(200));

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        JsonObject delivery = settledDelivery(submissionId, 0);
        assertThat(delivery.getString("state")).isEqualTo("FAILED");
        assertThat(delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getString("error")))
                .containsExactly("TIMEOUT", "TIMEOUT");
        assertThat(delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getLong("durationMillis")))
                .allSatisfy(millis -> assertThat(millis).as("cut off well before the 4 s answer ends")
                        .isBetween(450L, 3_000L));
        assertThat(receiver.received()).hasSize(2);
    }

    /**
     * A burst of callbacks to a receiver that takes its time but answers well within the timeout: none may time out
     * waiting for a connection inside the sandbox (with a pool of 5, the last of 48 would wait some 5 s).
     */
    @Test
    void aBurstOfCallbacksToAReceiverAnsweringWithinTheTimeoutIsDeliveredAtTheFirstAttempt() {
        int burst = 48;
        SANDBOX.control().updateConfig(c -> c.withCallbackRetry(new CallbackRetry(1, 20, 3_000)));
        receiver.delayAnswers(Duration.ofMillis(500));
        String userId = Platform.user("NO_CALLBACK");
        String submissionId = platform.startCertReg(userId);
        platform.awaitEsignStatus(userId, "COMPLETED");

        for (int i = 0; i < burst; i++) {
            Reply sent = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks", null);
            assertThat(sent.status()).isEqualTo(202);
        }

        JsonArray deliveries = Eventually.await(() -> platform.submission(submissionId).getJsonArray("callbacks"),
                all -> all.stream().map(d -> ((JsonObject) d).getString("state")).filter("PENDING"::equals).count() == 0
                        && all.size() >= burst,
                Duration.ofSeconds(30));
        assertThat(deliveries.stream().map(d -> (JsonObject) d).filter(d -> "MANUAL".equals(d.getString("trigger"))))
                .hasSize(burst)
                .allSatisfy(d -> assertThat(d.getString("state")).as(d.encode()).isEqualTo("DELIVERED"));
    }

    @Test
    void theConfiguredMethodIsUsed() {
        target(CallbackTarget.post(receiver.url("/cb")).withMethod(CallbackMethod.PUT));
        platform.startCertReg(Platform.user(ONE_CALLBACK));
        String put = receiver.awaitCount(1).get(0).method();

        target(CallbackTarget.post(receiver.url("/cb")).withMethod(CallbackMethod.PATCH));
        platform.startCertReg(Platform.user(ONE_CALLBACK));
        String patch = receiver.awaitCount(2).get(1).method();

        assertThat(put).isEqualTo("PUT");
        assertThat(patch).isEqualTo("PATCH");
    }

    @Test
    void theConfiguredAuthHeaderIsSentOnEveryAttempt() {
        target(CallbackTarget.post(receiver.url("/cb")).withAuthHeader("X-Callback-Token", "t0ken"));
        receiver.answerNext(502);

        platform.startCertReg(Platform.user(ONE_CALLBACK));

        assertThat(receiver.awaitCount(2)).extracting(r -> r.header("X-Callback-Token")).containsOnly("t0ken");
    }

    @Test
    void aChannelWithoutUrlRecordsTheCallbackAsNotConfigured() {
        SANDBOX.control().updateConfig(c -> c.withoutCallback(CallbackChannel.ESIGN));

        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));

        assertThat(settledDelivery(submissionId, 0).getString("state")).isEqualTo("NOT_CONFIGURED");
    }

    @Test
    void theCurrentCallbackCanBeReplayedOnDemand() {
        String userId = Platform.user(ONE_CALLBACK);
        String submissionId = platform.startCertReg(userId);
        Received original = receiver.awaitCount(1).get(0);

        Reply replay = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks", null);

        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().getString("trigger")).isEqualTo("MANUAL");
        assertThat(receiver.awaitCount(2).get(1).json()).isEqualTo(original.json());
    }

    @Test
    void aCustomCallbackCanBeSentWithoutChangingTheSubmission() {
        String userId = Platform.user(null);
        String submissionId = platform.startCertReg(userId);
        receiver.awaitCount(2);

        Reply sent = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks",
                new JsonObject().put("status", "ERROR").putNull("result").put("reasonCode", "SYSTEM_ERROR"));

        assertThat(sent.status()).isEqualTo(202);
        JsonObject custom = receiver.awaitCount(3).get(2).json();
        assertThat(custom.getString("status")).isEqualTo("ERROR");
        assertThat(custom.getValue("result")).isNull();
        assertThat(custom.getString("reasonCode")).isEqualTo("SYSTEM_ERROR");
        assertThat(custom.getString("submissionId")).isEqualTo(submissionId);
        assertThat(platform.awaitEsignStatus(userId, "COMPLETED").getString("result")).isEqualTo("VALID");
    }

    @Test
    void aCustomCallbackKeepsTheFieldsItDoesNotName() {
        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));
        receiver.awaitCount(1);

        platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks",
                new JsonObject().put("reasonCode", "BRAND_NEW_REASON"));

        JsonObject custom = receiver.awaitCount(2).get(1).json();
        assertThat(custom.getString("status")).isEqualTo("COMPLETED");
        assertThat(custom.getString("result")).isEqualTo("INVALID");
        assertThat(custom.getString("reasonCode")).isEqualTo("BRAND_NEW_REASON");
    }

    @Test
    void aNoCallbackSubmissionCanStillBeCalledBackOnDemand() {
        String userId = Platform.user("NO_CALLBACK");
        String submissionId = platform.startCertReg(userId);
        platform.awaitEsignStatus(userId, "COMPLETED");

        platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks", null);

        assertThat(receiver.awaitCount(1).get(0).json().getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aCustomCallbackFieldThatIsNotAStringIsRefusedByNameAndNothingIsSent() {
        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));
        receiver.awaitCount(1);
        String path = "/_sandbox/submissions/" + submissionId + "/callbacks";

        Reply object = platform.http().postJson(path, new JsonObject().put("status", new JsonObject().put("a", 1)));
        Reply array = platform.http().postJson(path, new JsonObject().put("result", new JsonArray().add(1)));
        Reply bool = platform.http().postJson(path, new JsonObject().put("reasonCode", true));
        Reply number = platform.http().postJson(path, new JsonObject().put("status", 5));

        assertThat(List.of(object, array, bool, number)).extracting(Reply::status).containsOnly(400);
        assertThat(object.json().getString("error")).startsWith("status:").contains("a string or null");
        assertThat(array.json().getString("error")).startsWith("result:");
        assertThat(bool.json().getString("error")).startsWith("reasonCode:");
        assertThat(number.json().getString("error")).startsWith("status:");
        assertThat(platform.submission(submissionId).getJsonArray("callbacks")).hasSize(1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void manualCallbacksAreRefusedWhereTheyCannotBeSent() {
        String submissionId = platform.startCertReg(Platform.user(ONE_CALLBACK));
        receiver.awaitCount(1);

        Reply badField = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks",
                new JsonObject().put("colour", "red"));
        Reply unknown = platform.http().postJson("/_sandbox/submissions/nope/callbacks", null);
        SANDBOX.control().updateConfig(c -> c.withoutCallback(CallbackChannel.ESIGN));
        Reply noUrl = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/callbacks", null);

        assertThat(badField.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(noUrl.status()).isEqualTo(409);
        assertThat(noUrl.json().getString("error")).contains("esign");
    }
}
