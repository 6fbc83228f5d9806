package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.Faults;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bridge end to end: a real service and a real sandbox on loopback, driven through the partner API the way
 * a partner's systems drive it. Runs once per database.
 */
abstract class EndToEndScenarios {
    /** Esign Get Submission Details, as the sandbox counts it: how the driver polls a CERT_REG submission. */
    private static final String DETAILS = "GET /esign-partner/v1/submissions";

    BridgeHarness bridge;

    abstract TestDatabase newDatabase();

    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeEach
    void start() {
        bridge = BridgeHarness.start(newDatabase(), settings());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static String user(String scenario) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        return scenario == null ? id : id + "__" + scenario;
    }

    static List<String> transitions(JsonObject submission) {
        JsonArray history = submission.getJsonArray("history");
        return IntStream.range(0, history.size()).mapToObj(history::getJsonObject)
                .filter(h -> "TRANSITION".equals(h.getString("kind")))
                .map(h -> h.getString("to") + "@" + h.getString("source")).toList();
    }

    @Test
    void aValidRegistrationIsUploadedConfirmedAndCompletedByCallbacksThroughPartiallyCompleted() {
        String id = bridge.registered(user(null));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("VALID");
        assertThat(done.getString("reasonCode")).isNull();
        assertThat(transitions(done)).containsSubsequence("CREATED@API", "INITIATED@DRIVER", "UPLOADED@DRIVER",
                "CONFIRMED@DRIVER", "PARTIALLY_COMPLETED@CALLBACK", "COMPLETED@CALLBACK");
        assertThat(done.getJsonObject("verificationResult").getString("selfie")).isEqualTo("PASS");
        assertThat(done.getJsonObject("certificateRegistration").getString("registrationId")).isNotBlank();
        JsonObject platform = bridge.sandboxSubmission(done.getString("submissionId"));
        assertThat(platform.getInteger("confirmCount")).isEqualTo(1);
        assertThat(platform.getJsonObject("documents").fieldNames()).contains("KTP", "SELFIE");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "DUKCAPIL_REJECTED, INVALID, DUKCAPIL_REJECTED",
        "DUKCAPIL_REJECTED_NIK, INVALID, DUKCAPIL_REJECTED",
        "EMAIL_HAS_BEEN_USED, INVALID, EMAIL_HAS_BEEN_USED",
        "PHONE_HAS_BEEN_USED, INVALID, PHONE_HAS_BEEN_USED",
        "NOT_EKTP, INVALID, NOT_EKTP",
        "FRAUD_REJECT, INVALID, FRAUD_REJECT",
        "LIVENESS_CHECK_FAILED, INVALID, LIVENESS_CHECK_FAILED",
        "AETHER_VERIFICATION_FAILED, INVALID, AETHER_VERIFICATION_FAILED",
        "REJECTED, REJECTED, NOT_EKTP",
        "UNKNOWN_REASON, INVALID, SOME_FUTURE_REASON"
    })
    void eachRejectionReasonEndsCompletedWithItsReasonCode(String scenario, String result, String reason) {
        String id = bridge.registered(user(scenario));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo(result);
        assertThat(done.getString("reasonCode")).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SYSTEM_ERROR", "DUKCAPIL_IRRETRIEVABLE_ERROR", "DUKCAPIL_SYSTEM_ERROR"})
    void aPlatformErrorEndsInErrorWithItsReasonCode(String scenario) {
        String id = bridge.registered(user(scenario));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("ERROR");
        assertThat(done.getString("result")).isNull();
        assertThat(done.getString("reasonCode")).isEqualTo(scenario);
    }

    /** The platform may end a registration otherwise after its PARTIALLY_COMPLETED/VALID: taken as it comes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"PARTIAL_THEN_INVALID, COMPLETED, INVALID, EMAIL_HAS_BEEN_USED",
        "PARTIAL_THEN_ERROR, ERROR, , SYSTEM_ERROR"})
    void aFinalVerdictAfterAValidPartialOneReplacesItWithoutAConflict(String scenario, String status, String result,
                                                                      String reason) {
        String id = bridge.registered(user(scenario));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo(status);
        assertThat(done.getString("result")).isEqualTo(result);
        assertThat(done.getString("reasonCode")).isEqualTo(reason);
        assertThat(transitions(done)).containsSubsequence("CONFIRMED@DRIVER", "PARTIALLY_COMPLETED@CALLBACK",
                status + "@CALLBACK");
        BridgeHarness.sleep(1500); // a late repeat or poll would be noted by now
        JsonArray history = bridge.submission(id).getJsonArray("history");
        assertThat(history.stream().map(h -> ((JsonObject) h).getString("kind"))).doesNotContain("CONFLICT");
    }

    @Test
    void withoutAnyCallbackPollingFinishesTheSubmission() {
        String id = bridge.registered(user("NO_CALLBACK"));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(transitions(done)).last().asString().endsWith("@POLL");
    }

    @Test
    void aPartiallyCompletedSubmissionThatNeverCompletesStaysWaitingAndKeepsBeingPolled() {
        String id = bridge.registered(user("PARTIAL_ONLY"));

        JsonObject partial = bridge.awaitSubmission(id, s -> "PARTIALLY_COMPLETED".equals(s.getString("status")),
                Duration.ofSeconds(20));
        long polledBefore = detailsRequests();
        // The only submission of this test: each further read of the details is a poll of it.
        awaitDetailsRequests(polledBefore + 2, Duration.ofSeconds(20));

        assertThat(partial.getString("result")).isEqualTo("VALID");
        assertThat(bridge.submission(id).getString("status")).isEqualTo("PARTIALLY_COMPLETED");
    }

    private long detailsRequests() {
        return bridge.sandbox.control().requestCounts().getOrDefault(DETAILS, 0L);
    }

    private void awaitDetailsRequests(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (detailsRequests() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " requests " + DETAILS + " in " + timeout + ": "
                        + bridge.sandbox.control().requestCounts());
            }
            BridgeHarness.sleep(100);
        }
    }

    @Test
    void duplicatedAndReorderedCallbacksEndInTheRightFinalStateWithoutConflicts() {
        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none().withCallbackDuplicateRate(1.0)
                .withCallbackReorder(true).withSeed(11L)));

        String id = bridge.registered(user(null));
        JsonObject done = bridge.awaitFinal(id);
        BridgeHarness.sleep(1500);
        JsonObject settled = bridge.submission(id);

        assertThat(settled.getString("status")).isEqualTo("COMPLETED");
        assertThat(settled.getString("result")).isEqualTo("VALID");
        JsonArray history = settled.getJsonArray("history");
        assertThat(history.stream().map(h -> ((JsonObject) h).getString("kind"))).doesNotContain("CONFLICT");
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
    }

    /**
     * COE's callback carries the verdict only (the sandbox sends it 0.1 s after the confirm, long before the bridge
     * would poll): the card's data comes from the details the bridge reads once the callback has completed the scan.
     */
    @Test
    void aKtpScanIsUploadedConfirmedAndCompletedByItsCallbackWithTheCardsDataFromTheDetails() {
        HttpResponse<String> response = bridge.postMultipart("/v1/ktp-scans",
                new JsonObject().put("partnerUserId", user(null)).put("partnerUserIdType", "CLIENT_X_USER_ID").encode(),
                Map.of("ktp", dev.onekycbridge.core.testing.TestData.jpeg(20_000)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = new JsonObject(response.body()).getString("id");

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("type")).isEqualTo("KTP_SCAN");
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("VALID");
        assertThat(done.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(h -> "TRANSITION".equals(h.getString("kind")) && "COMPLETED".equals(h.getString("to")))
                .map(h -> h.getString("source")))
                .containsExactly("CALLBACK");
        JsonObject withKtp = null;
        for (int i = 0; i < 100 && (withKtp == null || withKtp.getValue("ktpData") == null); i++) {
            BridgeHarness.sleep(100);
            withKtp = new JsonObject(bridge.get("/v1/submissions/" + id + "?include=ktpData").body());
        }
        assertThat(withKtp.getJsonObject("ktpData")).as("the card's data, read from the details").isNotNull();
        assertThat(withKtp.getJsonObject("ktpData").getString("nik")).isNotBlank();
    }

    @Test
    void anIdentityVerificationIsLaunchedAtOnceAndItsResultArrivesWithKtpData() {
        HttpResponse<String> response = bridge.startIdentityVerification(user(null));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject started = new JsonObject(response.body());
        assertThat(started.getJsonObject("launch").getString("launchUrl")).startsWith(bridge.sandbox.baseUrl());

        JsonObject done = bridge.awaitFinal(started.getString("id"));
        JsonObject withKtp = new JsonObject(bridge.get("/v1/submissions/" + started.getString("id")
                + "?include=ktpData").body());

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.containsKey("ktpData") && done.getValue("ktpData") != null).isFalse();
        assertThat(withKtp.getJsonObject("ktpData").getString("nik")).isNotBlank();
    }

    @Test
    void aRejectedIdentityVerificationShowsTheTextsThePlatformSuggestsForTheUser() {
        HttpResponse<String> response = bridge.startIdentityVerification(user("NOT_EKTP"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        JsonObject done = bridge.awaitFinal(new JsonObject(response.body()).getString("id"));

        assertThat(done.getString("reasonCode")).isEqualTo("NOT_EKTP");
        JsonObject texts = done.getJsonObject("rejectionReasonTranslations");
        assertThat(texts.fieldNames()).containsExactlyInAnyOrder("en_ID", "id_ID");
        assertThat(texts.getJsonObject("en_ID").getString("message")).isEqualTo("ID submitted is not eKTP");
        assertThat(texts.getJsonObject("id_ID").getString("title")).isEqualTo("Verifikasi ditolak");
    }

    @Test
    void aServiceStoppedRightAfterAcceptingResumesAndFinishesWithOneConfirm() {
        String id = bridge.registered(user(null));
        bridge.stopService();

        bridge.startService();
        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(bridge.sandboxSubmission(done.getString("submissionId")).getInteger("confirmCount")).isEqualTo(1);
    }

    @Test
    void aServiceStoppedWhileWaitingForTheResultGetsItAfterARestart() {
        bridge.sandbox.control().updateConfig(c -> c.withProcessingDelayMillis(1500));
        String id = bridge.registered(user(null));
        bridge.awaitSubmission(id, s -> "CONFIRMED".equals(s.getString("status")), Duration.ofSeconds(20));
        bridge.stopService();
        BridgeHarness.sleep(2000);

        bridge.startService();
        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(bridge.sandboxSubmission(done.getString("submissionId")).getInteger("confirmCount")).isEqualTo(1);
    }

    @Test
    void theSubmissionListFiltersByPartnerUserAndPagesWithACursor() {
        String first = bridge.registered(user(null));
        String second = bridge.registered(user(null));
        bridge.awaitFinal(first);
        bridge.awaitFinal(second);

        JsonObject page = new JsonObject(bridge.get("/v1/submissions?limit=1").body());
        JsonObject next = new JsonObject(bridge.get("/v1/submissions?limit=1&cursor="
                + page.getString("nextCursor")).body());

        assertThat(page.getJsonArray("items")).hasSize(1);
        assertThat(next.getJsonArray("items")).hasSize(1);
        assertThat(List.of(page.getJsonArray("items").getJsonObject(0).getString("id"),
                next.getJsonArray("items").getJsonObject(0).getString("id"))).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aCallbackForASubmissionNotKnownWaitsParkedAndTheMetricsCountIt() {
        String json = new JsonObject().put("submissionId", "not-known-" + UUID.randomUUID())
                .put("status", "COMPLETED").put("result", "VALID").encode();
        assertThat(bridge.send(HttpRequest.newBuilder(URI.create(bridge.base() + "/callbacks/esign"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)))
                .statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String metrics = bridge.get("/metrics").body();
        while (!metrics.contains("onekyc_bridge_callbacks_waiting{state=\"PARKED\"} 1\n")
                && System.nanoTime() < deadline) {
            BridgeHarness.sleep(100);
            metrics = bridge.get("/metrics").body();
        }

        assertThat(metrics).contains("onekyc_bridge_callbacks_waiting{state=\"PENDING\"} 0\n"
                        + "onekyc_bridge_callbacks_waiting{state=\"PARKED\"} 1\n")
                .containsPattern("onekyc_bridge_callbacks_oldest_overdue_seconds \\d+(\\.\\d+)?\n");
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentAreServed() {
        assertThat(bridge.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(bridge.get("/health/ready").statusCode()).isEqualTo(200);
        bridge.awaitFinal(bridge.registered(user(null)));
        String metrics = bridge.get("/metrics").body();
        assertThat(metrics).contains("onekyc_bridge_");
        assertThat(bridge.get("/openapi.yaml").body()).contains("/v1/certificate-registrations");
    }
}
