package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.CallbackReceiver.Received;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Images;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultInjectionTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private CallbackReceiver receiver;
    private Platform platform;
    private Http http;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        http = new Http(SANDBOX.baseUrl());
        platform = new Platform(http);
        SANDBOX.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                CallbackTarget.post(receiver.url("/cb"))));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private void faults(JsonObject faults) {
        platform.configure(new JsonObject().put("faults", faults));
    }

    private List<Integer> tokenStatuses(int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(http.get("/v1/esign/partner/authentication", "client-id", Platform.CLIENT_ID,
                    "pass-key", Platform.PASS_KEY).status());
        }
        return statuses;
    }

    @Test
    void aSeededErrorRateFailsTheSameRequestsEveryRun() {
        JsonObject faults = new JsonObject().put("errorRate", 0.5).put("errorStatus", 500).put("seed", 42);
        faults(faults);
        List<Integer> first = tokenStatuses(20);
        faults(faults);
        List<Integer> second = tokenStatuses(20);

        assertThat(first).isEqualTo(second).contains(200, 500).containsOnly(200, 500);
    }

    @Test
    void anInjectedErrorUsesThePlatformEnvelopeOfThePath() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 500));

        Reply esign = http.get("/v1/esign/partner/authentication");
        Reply coe = http.get("/coe/v1/submissions");

        assertThat(esign.status()).isEqualTo(500);
        assertThat(esign.firstError().getValue("code")).isEqualTo("900");
        assertThat(esign.firstError().getString("cause")).isEqualTo("GENERIC_SERVICE_ERROR");
        assertThat(coe.firstError().getValue("code")).isEqualTo(900);
    }

    @Test
    void anInjected503AnswersServiceUnavailable() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 503));

        Reply reply = http.get("/coe/v1/submissions/urls");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.firstError().getValue("code")).isEqualTo(903);
        assertThat(reply.firstError().getString("cause")).isEqualTo("SERVICE_UNAVAILABLE");
    }

    @Test
    void anInjected429AsksToRetryLater() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 429));

        Reply reply = http.get("/esign-partner/v1/submissions");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.firstError().getString("cause")).isEqualTo("TOO_MANY_REQUESTS");
    }

    @Test
    void anInjected401IsTheUnauthorizedEnvelopeOfEachApi() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 401));

        Reply esign = http.get("/esign-partner/v1/submissions");
        Reply coeToken = http.get("/v1/coe/partner/authentication");
        Reply coe = http.get("/coe/v1/submissions/urls");

        assertThat(esign.status()).isEqualTo(401);
        assertThat(esign.json()).isEqualTo(new JsonObject().put("success", false).putNull("data")
                .put("errors", new JsonArray().add(new JsonObject().put("code", "110").put("cause", "UNAUTHORIZED")
                        .put("entity", "ESIGN_ADAPTER"))));
        assertThat(coeToken.json().containsKey("data")).isTrue();
        assertThat(coeToken.firstError().getValue("code")).isEqualTo(110);
        assertThat(coeToken.firstError().getString("entity")).isEqualTo("ONEKYC_TOKEN_SERVICE");
        assertThat(coe.status()).isEqualTo(401);
        assertThat(coe.json().containsKey("data")).isTrue();
        assertThat(coe.firstError().getValue("code")).isEqualTo(110);
        assertThat(coe.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void anInjected401OnCoeDetailsFollowsItsConfiguredCode() {
        platform.configure(new JsonObject().put("coeDetailsUnauthorizedCode", 1539)
                .put("faults", new JsonObject().put("errorRate", 1.0).put("errorStatus", 401)));

        Reply details = http.get("/coe/v1/submissions");

        assertThat(details.firstError().getValue("code")).isEqualTo(1539);
        assertThat(details.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void anInjected403IsTheForbiddenEnvelopeEachApiDocuments() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 403));

        Reply initiate = http.postJson("/esign-partner/v1/initiate-flow", Platform.sivBody("SDK"));
        Reply coeConfirm = http.putJson("/coe/v1/submissions/urls", new JsonObject());
        Reply coeDetails = http.get("/coe/v1/submissions");

        assertThat(initiate.status()).isEqualTo(403);
        assertThat(initiate.firstError().getValue("code")).isEqualTo("110");
        assertThat(initiate.firstError().getString("cause")).isEqualTo("ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT");
        assertThat(coeConfirm.status()).isEqualTo(403);
        assertThat(coeConfirm.firstError().getValue("code")).isEqualTo(110);
        assertThat(coeConfirm.firstError().getString("cause")).isEqualTo("FORBIDDEN");
        assertThat(coeDetails.firstError().getValue("code")).isEqualTo(903);
        assertThat(coeDetails.firstError().getString("cause")).isEqualTo("FORBIDDEN");
    }

    @Test
    void anInjected500OnTheCoeSdkReadsIsSomethingWentWrong() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 500));

        Reply presigned = http.get("/coe/v1/submissions/urls?submissionType=KTP_SCAN");
        Reply status = http.get("/coe/v1/submissions/8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c/status");
        Reply confirm = http.putJson("/coe/v1/submissions/urls", new JsonObject());
        Reply coeToken = http.get("/v1/coe/partner/authentication");

        assertThat(presigned.status()).isEqualTo(500);
        assertThat(presigned.firstError().getValue("code")).isEqualTo(900);
        assertThat(presigned.firstError().getString("cause")).isEqualTo("SOMETHING_WENT_WRONG");
        assertThat(status.firstError().getString("cause")).isEqualTo("SOMETHING_WENT_WRONG");
        assertThat(confirm.firstError().getString("cause")).isEqualTo("GENERIC_SERVICE_ERROR");
        assertThat(coeToken.firstError().getString("cause")).isEqualTo("Unknown error processing the request");
    }

    @Test
    void anInjected400IsTheMissingHeaderErrorOfEachApi() {
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 400));

        Reply esignToken = http.get("/v1/esign/partner/authentication");
        Reply esign = http.get("/esign-partner/v1/submissions");
        Reply coeDetails = http.get("/coe/v1/submissions");

        assertThat(esignToken.status()).isEqualTo(400);
        assertThat(esignToken.firstError().getValue("code")).isEqualTo("1650");
        assertThat(esignToken.firstError().getString("cause")).isEqualTo("MISSING_CLIENT_ID");
        assertThat(esign.firstError().getValue("code")).isEqualTo("1539");
        assertThat(esign.firstError().getString("cause")).isEqualTo("PARTNER_USER_ID_CAN_NOT_BE_EMPTY");
        assertThat(coeDetails.firstError().getValue("code")).isEqualTo(1550);
        assertThat(coeDetails.firstError().getString("cause")).isEqualTo("PARTNER_USER_ID_CAN_NOT_BE_EMPTY");
    }

    @Test
    void anErrorStatusWithoutADocumentedEnvelopeIsRefused() {
        Reply reply = http.putJson("/_sandbox/config",
                new JsonObject().put("faults", new JsonObject().put("errorRate", 1.0).put("errorStatus", 502)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("error")).contains("errorStatus", "400, 401, 403, 429, 500, 503");
        assertThat(SANDBOX.control().config().faults()).isEqualTo(Faults.none());
        assertThatThrownBy(() -> Faults.none().withErrorRate(1.0, 418)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultsNeverReachTheControlApi() {
        faults(new JsonObject().put("errorRate", 1.0).put("resetRate", 1.0));

        assertThat(http.get("/_sandbox/health").status()).isEqualTo(200);
        assertThat(http.get("/_sandbox/config").status()).isEqualTo(200);
    }

    @Test
    void theObjectStoreIsSparedUnlessIncluded() {
        JsonObject urls = platform.certRegUrls(platform.esignToken(), "user-1").data();
        String ktpUrl = urls.getJsonObject("documents").getJsonObject("KTP").getString("documentUrl");
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", 503));

        Reply spared = http.putBytes(ktpUrl, Images.JPEG, "image/jpeg");
        faults(new JsonObject().put("objectStore", true));
        Reply hit = http.putBytes(ktpUrl, Images.JPEG, "image/jpeg");

        assertThat(spared.status()).isEqualTo(200);
        assertThat(hit.status()).isEqualTo(503);
        assertThat(hit.body()).contains("<Code>SlowDown</Code>");
    }

    /** Each injected status carries the S3 error code a storage SDK expects with it, not InternalError for all. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, InvalidRequest", "401, AccessDenied", "403, AccessDenied", "429, SlowDown",
            "500, InternalError", "503, SlowDown"})
    void anInjectedObjectStoreErrorCarriesTheCodeOfItsStatus(int status, String code) {
        JsonObject urls = platform.certRegUrls(platform.esignToken(), "user-1").data();
        String ktpUrl = urls.getJsonObject("documents").getJsonObject("KTP").getString("documentUrl");
        faults(new JsonObject().put("errorRate", 1.0).put("errorStatus", status).put("objectStore", true));

        Reply hit = http.putBytes(ktpUrl, Images.JPEG, "image/jpeg");

        assertThat(hit.status()).isEqualTo(status);
        assertThat(hit.body()).contains("<Code>" + code + "</Code>");
    }

    @Test
    void latencyIsDrawnFromTheSeededSequence() {
        long seed = 7;
        int max = 150;
        faults(new JsonObject().put("latencyMillisMax", max).put("seed", seed));
        Random expected = new Random(seed);

        for (int i = 0; i < 5; i++) {
            long delay = (long) (expected.nextDouble() * (max + 1));
            expected.nextDouble();
            expected.nextDouble();
            long started = System.nanoTime();
            Reply reply = http.get("/esign-partner/v1/submissions");
            long took = (System.nanoTime() - started) / 1_000_000;

            assertThat(reply.status()).isEqualTo(401);
            assertThat(took).as("request " + i).isGreaterThanOrEqualTo(delay);
        }
    }

    @Test
    void aResetClosesTheConnectionWithoutAnAnswer() {
        faults(new JsonObject().put("resetRate", 1.0));

        assertThatThrownBy(() -> http.get("/v1/esign/partner/authentication")).isInstanceOf(UncheckedIOException.class);

        faults(new JsonObject().put("resetRate", 0.0));
        JsonObject recorded = Eventually.await(() -> http.get("/_sandbox/requests").json(),
                r -> !r.getJsonArray("requests").isEmpty()).getJsonArray("requests").getJsonObject(0);
        assertThat(recorded.getString("path")).isEqualTo("/v1/esign/partner/authentication");
        assertThat(recorded.getValue("status")).isNull();
    }

    /**
     * The JDK client upgrades plain http to HTTP/2 where the server offers it, and then sends every request to the
     * host over one connection: a reset there would fail every other request in flight. The sandbox speaks HTTP/1.1
     * only, so a reset takes the reset request's own connection and nothing else.
     */
    @Test
    void aResetFailsOnlyTheResetRequestEvenForAClientPreferringHttp2() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(SANDBOX.baseUrl()
                + "/_sandbox/health")).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        faults(new JsonObject().put("resetRate", 1.0));
        CountDownLatch bodyStarted = new CountDownLatch(1);
        CountDownLatch finishBody = new CountDownLatch(1);
        // A control request (never faulted) still sending its body while another request is reset.
        byte[] first = "{\"faults\":".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "{\"resetRate\":1.0}}".getBytes(StandardCharsets.UTF_8);
        InputStream slowBody = new SequenceInputStream(new ByteArrayInputStream(first), new InputStream() {
            private final InputStream remainder = new ByteArrayInputStream(rest);

            @Override
            public int read() throws IOException {
                bodyStarted.countDown();
                try {
                    finishBody.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return remainder.read();
            }
        });
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                URI.create(SANDBOX.baseUrl() + "/_sandbox/config")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofInputStream(() -> slowBody)).build(), BodyHandlers.ofString());
        assertThat(bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(SANDBOX.baseUrl()
                + "/v1/esign/partner/authentication")).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString())).isInstanceOf(IOException.class);
        finishBody.countDown();

        assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(health.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
    }

    @Test
    void aSeededResetRateResetsSomeRequestsOnly() {
        faults(new JsonObject().put("resetRate", 0.5).put("seed", 3));
        int resets = 0;
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            try {
                http.get("/esign-partner/v1/submissions");
                answered++;
            } catch (UncheckedIOException reset) {
                resets++;
            }
        }

        assertThat(resets).isPositive();
        assertThat(answered).isPositive();
    }

    @Test
    void aLostAnswerLeavesTheConfirmAppliedThoughTheCallerHearsNothing() {
        String userId = Platform.user(null);
        String token = platform.esignToken();
        JsonObject urls = platform.certRegUrls(token, userId).data();
        String submissionId = urls.getString("submissionId");
        platform.uploadAll(urls);
        String session = Platform.session();
        JsonObject body = Platform.confirmBody(submissionId);
        faults(new JsonObject().put("lostAnswerRate", 1.0));

        assertThatThrownBy(() -> platform.confirm(token, userId, session, body))
                .isInstanceOf(UncheckedIOException.class);

        faults(new JsonObject().put("lostAnswerRate", 0.0));
        JsonObject view = platform.submission(submissionId);
        assertThat(view.getInteger("confirmCount")).isEqualTo(1);
        assertThat(view.getString("confirmSessionId")).isEqualTo(session);
        assertThat(view.getString("confirmedAt")).isNotNull();
        Reply retried = platform.confirm(token, userId, session, body);
        assertThat(retried.status()).as("the caller's retry meets the confirm it never heard of").isEqualTo(200);
        platform.awaitEsignStatus(userId, "COMPLETED");
    }

    @Test
    void aLostAnswerIsSetThroughTheJavaApiAndTakesAnyPlatformRequest() {
        SANDBOX.control().updateConfig(c -> c.withFaults(Faults.none().withLostAnswerRate(1.0)));

        assertThatThrownBy(() -> http.get("/v1/esign/partner/authentication", "client-id", Platform.CLIENT_ID,
                "pass-key", Platform.PASS_KEY)).isInstanceOf(UncheckedIOException.class);
        assertThat(http.get("/_sandbox/config").json().getJsonObject("faults").getDouble("lostAnswerRate"))
                .isEqualTo(1.0);
        assertThatThrownBy(() -> Faults.none().withLostAnswerRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLostAnswerDrawsFromTheSeededSequenceOnlyWhenItsRateIsSet() {
        long seed = 11;
        faults(new JsonObject().put("errorRate", 0.5).put("seed", seed));
        List<Integer> without = tokenStatuses(12);
        faults(new JsonObject().put("errorRate", 0.5).put("lostAnswerRate", 0.0).put("seed", seed));
        List<Integer> withRateZero = tokenStatuses(12);
        Random expected = new Random(seed);
        List<Integer> threeDraws = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.nextDouble();
            expected.nextDouble();
            threeDraws.add(expected.nextDouble() < 0.5 ? 500 : 200);
        }

        assertThat(without).isEqualTo(threeDraws).isEqualTo(withRateZero);
    }

    @Test
    void droppedCallbacksAreNeverSentButPollingStillFindsTheResult() {
        faults(new JsonObject().put("callbackDropRate", 1.0));
        String userId = Platform.user(null);
        String submissionId = platform.startCertReg(userId);

        platform.awaitEsignStatus(userId, "COMPLETED");
        JsonObject view = Eventually.await(() -> platform.submission(submissionId),
                v -> v.getJsonArray("callbacks").size() == 2);

        assertThat(view.getJsonArray("callbacks").stream().map(d -> ((JsonObject) d).getString("state")))
                .containsOnly("DROPPED");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void duplicatedCallbacksArriveTwiceWithTheSameBody() {
        faults(new JsonObject().put("callbackDuplicateRate", 1.0));

        String submissionId = platform.startCertReg(Platform.user("NOT_EKTP"));

        List<Received> received = receiver.awaitCount(2);
        Eventually.pause(100);
        assertThat(receiver.received()).hasSize(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        JsonObject view = platform.submission(submissionId);
        assertThat(view.getJsonArray("callbacks").stream().map(d -> ((JsonObject) d).getString("trigger")))
                .containsExactly("AUTOMATIC", "DUPLICATE");
    }

    @Test
    void aDuplicateIsSentBeforeTheNextStatusSoDuplicatingNeverReorders() {
        faults(new JsonObject().put("callbackDuplicateRate", 1.0));
        // Slow answers: the COMPLETED callback is due while the PARTIALLY_COMPLETED one is still being delivered.
        receiver.delayAnswers(Duration.ofMillis(150));

        String submissionId = platform.startCertReg(Platform.user(null));

        List<Received> received = receiver.awaitCount(4, Duration.ofSeconds(10));
        JsonObject view = Eventually.await(() -> platform.submission(submissionId),
                v -> v.getJsonArray("callbacks").size() == 4 && v.getJsonArray("callbacks").stream()
                        .allMatch(d -> "DELIVERED".equals(((JsonObject) d).getString("state"))));
        JsonObject partialCopy = delivery(view, "DUPLICATE", "PARTIALLY_COMPLETED");
        JsonObject completed = delivery(view, "AUTOMATIC", "COMPLETED");
        JsonObject copyAttempt = partialCopy.getJsonArray("attempts").getJsonObject(0);
        Instant copySettled = Instant.parse(copyAttempt.getString("at"))
                .plusMillis(copyAttempt.getLong("durationMillis"));
        Instant completedSent = Instant.parse(completed.getJsonArray("attempts").getJsonObject(0).getString("at"));

        assertThat(received).extracting(r -> r.json().getString("status"))
                .containsExactly("PARTIALLY_COMPLETED", "PARTIALLY_COMPLETED", "COMPLETED", "COMPLETED");
        assertThat(completedSent).isAfterOrEqualTo(copySettled);
    }

    private static JsonObject delivery(JsonObject view, String trigger, String status) {
        return view.getJsonArray("callbacks").stream().map(d -> (JsonObject) d)
                .filter(d -> trigger.equals(d.getString("trigger")) && status.equals(d.getString("status")))
                .findFirst().orElseThrow();
    }

    @Test
    void reorderedCallbacksDeliverCompletedBeforePartiallyCompleted() {
        faults(new JsonObject().put("callbackReorder", true));

        platform.startCertReg(Platform.user(null));

        List<Received> received = receiver.awaitCount(2);
        assertThat(received).extracting(r -> r.json().getString("status"))
                .containsExactly("COMPLETED", "PARTIALLY_COMPLETED");
    }

    @Test
    void aReorderedCallbackIsDuplicatedLikeAnyOther() {
        faults(new JsonObject().put("callbackReorder", true).put("callbackDuplicateRate", 1.0));

        String submissionId = platform.startCertReg(Platform.user(null));

        List<Received> received = receiver.awaitCount(4, Duration.ofSeconds(10));
        Eventually.pause(100);
        assertThat(receiver.received()).extracting(r -> r.json().getString("status"))
                .containsExactly("COMPLETED", "COMPLETED", "PARTIALLY_COMPLETED", "PARTIALLY_COMPLETED");
        assertThat(received.get(3).body()).isEqualTo(received.get(2).body());
        assertThat(delivery(platform.submission(submissionId), "DUPLICATE", "PARTIALLY_COMPLETED")).isNotNull();
    }

    @Test
    void aReorderedCallbackWaitsTheConfiguredDelayOnceReleased() {
        faults(new JsonObject().put("callbackReorder", true).put("callbackDelayMillis", 300));

        platform.startCertReg(Platform.user(null));

        List<Received> received = receiver.awaitCount(2, Duration.ofSeconds(5));
        assertThat(received).extracting(r -> r.json().getString("status"))
                .containsExactly("COMPLETED", "PARTIALLY_COMPLETED");
        assertThat(Duration.between(received.get(0).at(), received.get(1).at()).toMillis())
                .isGreaterThanOrEqualTo(290);
    }

    @Test
    void delayedCallbacksArriveAfterTheConfiguredDelay() {
        faults(new JsonObject().put("callbackDelayMillis", 300));

        platform.startCertReg(Platform.user("NOT_EKTP"));

        Received received = receiver.awaitCount(1, Duration.ofSeconds(5)).get(0);
        Instant processedAt = Instant.parse(received.json().getString("processedAt"));
        assertThat(Duration.between(processedAt, received.at()).toMillis()).isGreaterThanOrEqualTo(290);
    }
}
