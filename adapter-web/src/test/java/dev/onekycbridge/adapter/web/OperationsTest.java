package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperationsTest extends BridgeTest {

    @Test
    void livenessIsAlways200() {
        HttpResponseData response = bridge.get("/health/live");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(new JsonObject().put("status", "UP"));
    }

    @Test
    void readinessIs200WithTheCheckDetailsWhenTheCheckPasses() {
        bridge.readiness = () -> ReadinessCheck.Readiness.ready(Map.of("database", "reachable",
                "migrations", "applied"));

        HttpResponseData response = bridge.get("/health/ready");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("status")).isEqualTo("UP");
        assertThat(response.json().getJsonObject("details").getString("migrations")).isEqualTo("applied");
    }

    @Test
    void readinessIs503WhenTheCheckFails() {
        bridge.readiness = () -> ReadinessCheck.Readiness.notReady(Map.of("database", "unreachable"));

        HttpResponseData response = bridge.get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().getString("status")).isEqualTo("DOWN");
        assertThat(response.json().getJsonObject("details").getString("database")).isEqualTo("unreachable");
    }

    @Test
    void readinessIs503WithoutTheExceptionMessageWhenTheCheckThrows() {
        bridge.readiness = () -> {
            throw new IllegalStateException("jdbc:postgresql://db/bridge?password=hunter2 refused");
        };

        HttpResponseData response = bridge.get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().getString("error")).isEqualTo("IllegalStateException");
        assertThat(response.body()).doesNotContain("hunter2");
    }

    /**
     * A burst of slow partner requests (an identity verification waits for the platform) fills every worker of the
     * partner API; a readiness probe's short timeout and a scrape still get their answers, from workers of their own.
     */
    @Test
    void readinessAndMetricsAnswerWhilePartnerRequestsHoldEveryWorker() throws Exception {
        try (HeldWorkers partner = bridge.holdPartnerWorkers(8, 4)) {
            CompletableFuture<HttpResponseData> ready = CompletableFuture.supplyAsync(
                    () -> bridge.get("/health/ready"));
            CompletableFuture<HttpResponseData> scrape = CompletableFuture.supplyAsync(() -> bridge.get("/metrics"));

            assertThat(ready.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(scrape.get(5, TimeUnit.SECONDS).body()).contains("onekyc_bridge_submissions{status=",
                    "onekyc_bridge_callbacks_waiting{state=");
            assertThat(partner.waiting()).as("the partner requests still held").isEqualTo(4);
        }
    }

    /** A scrape's count of a large table may take seconds; a readiness probe gives up after one or so. */
    @Test
    void readinessAnswersWhileScrapesHoldEveryMetricsWorker() throws Exception {
        try (HeldWorkers scrapes = bridge.holdMetricsWorkers(2, WorkerPools.METRICS_POOL_SIZE)) {
            CompletableFuture<HttpResponseData> ready = CompletableFuture.supplyAsync(
                    () -> bridge.get("/health/ready"));

            assertThat(ready.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(scrapes.waiting()).as("the scrapes still held").isEqualTo(WorkerPools.METRICS_POOL_SIZE);
        }
    }

    @Test
    void metricsCountRequestsCallbacksSubmissionsAndTheResultLagAfterTraffic() {
        String id = bridge.postMultipart("/v1/certificate-registrations", Requests.registration())
                .json().getString("id");
        bridge.get("/v1/submissions/" + id);
        bridge.get("/no/such/route");
        var confirmed = bridge.driveToConfirmed(id);
        bridge.clock.advance(Duration.ofSeconds(90));
        String message = JsonMessageDecoder.message(confirmed.platformSubmissionId().orElseThrow(),
                "COMPLETED", "VALID").encode();
        bridge.send("POST", "/callbacks/esign", message.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        bridge.callbacks.processDueCallbacks(10);
        bridge.metrics.incrementTokenRefreshes();
        bridge.metrics.incrementClientRetries();
        bridge.metrics.incrementClientRetries();

        HttpResponseData response = bridge.get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE onekyc_bridge_http_requests_total counter")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/certificate-registrations\","
                        + "method=\"POST\",status=\"202\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/submissions/:id\",method=\"GET\","
                        + "status=\"200\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\","
                        + "status=\"200\"} 1")
                .contains("onekyc_bridge_callbacks_received_total{channel=\"ESIGN\",outcome=\"accepted\"} 1")
                .contains("onekyc_bridge_callbacks_processed_total{channel=\"ESIGN\",outcome=\"applied\"} 1")
                .contains("onekyc_bridge_driver_steps_total{kind=\"CONFIRM\",result=\"completed\"} 1")
                .contains("onekyc_bridge_driver_steps_total{kind=\"UPLOAD\",result=\"completed\"} 1")
                .contains("onekyc_bridge_token_refreshes_total 1")
                .contains("onekyc_bridge_client_retries_total 2")
                .contains("# TYPE onekyc_bridge_submissions gauge")
                .contains("onekyc_bridge_submissions{status=\"COMPLETED\"} 1")
                .contains("onekyc_bridge_submissions{status=\"CREATED\"} 0")
                .contains("# TYPE onekyc_bridge_result_lag_seconds histogram")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"60\"} 0")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"120\"} 1")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"+Inf\"} 1")
                .contains("onekyc_bridge_result_lag_seconds_sum{flow=\"CERT_REG\"} 90")
                .contains("onekyc_bridge_result_lag_seconds_count{flow=\"CERT_REG\"} 1")
                .doesNotContain(TestData.NIK, TestData.PARTNER_USER_ID, id);
    }

    @Test
    void whatTheStoreCannotTellTheMetricsIsLeftOutAndLoggedOnceAMinuteWithTheStoresMessage() {
        bridge.metricsReadFailure = new StoreUnavailableException("reading the store failed: no connection was"
                + " free within 5 s", new java.sql.SQLException("FATAL " + TestData.NIK));
        try (CapturedLogs logs = CapturedLogs.of(OperationsHandlers.class)) {
            for (int i = 0; i < 4; i++) {
                HttpResponseData response = bridge.get("/metrics");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).contains("onekyc_bridge_http_requests_total")
                        .doesNotContain("onekyc_bridge_submissions{", "onekyc_bridge_callbacks_waiting{",
                                "onekyc_bridge_callbacks_oldest_overdue_seconds");
            }

            assertThat(logs.at(java.util.logging.Level.WARNING)).containsExactlyInAnyOrder("submission counts could"
                    + " not be read for metrics (1 scrape(s) since the last such line): reading the store failed: no"
                    + " connection was free within 5 s", "waiting callbacks could not be read for metrics (1"
                    + " scrape(s) since the last such line): reading the store failed: no connection was free within"
                    + " 5 s");
        }
    }

    @Test
    void theCallbacksWaitingAndHowLongTheEarliestDueHasBeenDueAreReadAtEveryScrape() {
        assertThat(bridge.get("/metrics").body())
                .contains("# TYPE onekyc_bridge_callbacks_waiting gauge\n"
                        + "onekyc_bridge_callbacks_waiting{state=\"PENDING\"} 0\n"
                        + "onekyc_bridge_callbacks_waiting{state=\"PARKED\"} 0\n")
                .contains("# TYPE onekyc_bridge_callbacks_oldest_overdue_seconds gauge\n"
                        + "onekyc_bridge_callbacks_oldest_overdue_seconds 0\n");
        Instant now = Instant.now();
        bridge.inbox.append(CallbackChannel.ESIGN, "{\"n\":1}", now.minusSeconds(600));
        long parked = bridge.inbox.append(CallbackChannel.SIV, "{\"n\":2}", now.minusSeconds(900)).entryId();
        bridge.inbox.park(parked, "submission not known yet", now.plusSeconds(60));
        long applied = bridge.inbox.append(CallbackChannel.COE, "{\"n\":3}", now.minusSeconds(3600)).entryId();
        bridge.inbox.markApplied(applied, now);

        String scrape = bridge.get("/metrics").body();

        assertThat(scrape).contains("onekyc_bridge_callbacks_waiting{state=\"PENDING\"} 1\n"
                + "onekyc_bridge_callbacks_waiting{state=\"PARKED\"} 1\n");
        double overdue = Double.parseDouble(scrape.lines()
                .filter(line -> line.startsWith("onekyc_bridge_callbacks_oldest_overdue_seconds "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertThat(overdue).as("the pending entry's, due 10 minutes ago").isBetween(600.0, 660.0);
        assertThat(bridge.useCaseThreads).contains("inbox.waiting onEventLoop=false");
    }

    @Test
    void theCompletedRegistrationShowsTheVerdictFromTheCallback() {
        String id = bridge.postMultipart("/v1/certificate-registrations", Requests.registration())
                .json().getString("id");
        var confirmed = bridge.driveToConfirmed(id);
        JsonObject message = JsonMessageDecoder.message(confirmed.platformSubmissionId().orElseThrow(),
                "COMPLETED", "INVALID").put("reasonCode", "DUKCAPIL_REJECTED")
                .put("verificationResult", new JsonObject().put("nik", "PASS").put("name", "FAIL")
                        .put("dateOfBirth", "PASS").put("selfie", "PASS"));
        bridge.send("PATCH", "/callbacks/esign", message.encode().getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        bridge.callbacks.processDueCallbacks(10);

        JsonObject body = bridge.get("/v1/submissions/" + id).json();

        assertThat(body.getString("status")).isEqualTo("COMPLETED");
        assertThat(body.getString("result")).isEqualTo("INVALID");
        assertThat(body.getString("reasonCode")).isEqualTo("DUKCAPIL_REJECTED");
        assertThat(body.getJsonObject("verificationResult").getString("name")).isEqualTo("FAIL");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() {
        bridge.nextUseCaseFailure = new IllegalStateException("pool exhausted at jdbc:sqlite:/data/"
                + TestData.NIK);

        HttpResponseData response = bridge.get("/v1/submissions/" + java.util.UUID.randomUUID());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:internal-error");
        assertThat(response.body()).doesNotContain("pool exhausted", "jdbc", TestData.NIK, "IllegalStateException");
    }

    @Test
    void aStoreThatIsDownIsA503WithRetryAfterSoThePartnerSendsTheRequestAgain() {
        bridge.nextUseCaseFailure = new StoreUnavailableException("finding a submission failed (SQL state 08001)",
                new java.sql.SQLException("connection refused: jdbc:postgresql://db/onekyc " + TestData.NIK));

        HttpResponseData response = bridge.get("/v1/submissions/" + java.util.UUID.randomUUID());

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:unavailable");
        assertThat(response.body()).doesNotContain("SQL state", "jdbc", TestData.NIK, "connection refused");
    }

    @Test
    void aStoreOutageIsLoggedAsOneLineAMinuteWithTheStoresMessageAndNoStackTrace() {
        try (CapturedLogs logs = CapturedLogs.of(FailureHandler.class)) {
            for (int i = 0; i < 5; i++) {
                bridge.nextUseCaseFailure = new StoreUnavailableException("finding a submission failed (SQL state"
                        + " 08001)", new java.sql.SQLException("connection refused " + TestData.NIK));
                assertThat(bridge.get("/v1/submissions/" + UUID.randomUUID()).status()).isEqualTo(503);
            }

            assertThat(logs.records()).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(line.getMessage()).isEqualTo("requests failed with 503 because the store is unavailable"
                        + " (1 since the last such line; latest GET /v1/submissions/:id: finding a submission failed"
                        + " (SQL state 08001))");
                assertThat(line.getThrown()).isNull();
            });
        }
    }

    @Test
    void anUnexpectedFailureIsLoggedWithItsStackTraceEveryTime() {
        try (CapturedLogs logs = CapturedLogs.of(FailureHandler.class)) {
            for (int i = 0; i < 2; i++) {
                bridge.nextUseCaseFailure = new IllegalStateException("a bug");
                assertThat(bridge.get("/v1/submissions/" + UUID.randomUUID()).status()).isEqualTo(500);
            }

            assertThat(logs.records()).hasSize(2).allSatisfy(line -> assertThat(line.getThrown())
                    .hasMessage("a bug"));
        }
    }

    @Test
    void storedDataUnderADataKeyThisInstanceLacksIsA503WithRetryAfterNamingTheKey() {
        bridge.nextUseCaseFailure = new StoredDataUnreadableException("the data key does not match: stored data was"
                + " encrypted under data key 'key-2', which is not configured", "key-2");

        HttpResponseData response = bridge.get("/v1/submissions/" + java.util.UUID.randomUUID());

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:unavailable");
        assertThat(response.json().getString("detail")).isEqualTo("a data key the stored data needs ('key-2') is not"
                + " configured on this instance; send the request again later");
        bridge.nextUseCaseFailure = new StoredDataUnreadableException("the data key does not match", "key-2");
        assertThat(bridge.get("/v1/submissions").status()).isEqualTo(503);
    }

    /**
     * Its key is configured and does not open it: no instance reads it, so neither a 503 (the partner would send it
     * again for good) nor the key's id (the operator would look for a key that is there).
     */
    @Test
    void damagedStoredDataIsA500WithoutRetryAfterNamingNoKeyAndIsLoggedAsOneLineAMinute() {
        try (CapturedLogs logs = CapturedLogs.of(FailureHandler.class)) {
            for (int i = 0; i < 3; i++) {
                bridge.nextUseCaseFailure = new StoredDataUnreadableException("stored data in submissions.personal|s-1"
                        + " under data key 'key-1', which is configured, does not decrypt under it", "key-1",
                        StoredDataUnreadableException.Kind.DAMAGED);

                HttpResponseData response = bridge.get("/v1/submissions/" + UUID.randomUUID());

                assertThat(response.status()).isEqualTo(500);
                assertThat(response.header("Retry-After")).isNull();
                assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:internal-error");
                assertThat(response.json().getString("detail")).isEqualTo("the bridge's stored data for this request"
                        + " cannot be read: it is damaged, and sending the request again does not help");
                assertThat(response.body()).doesNotContain("key-1", "submissions.personal");
            }

            assertThat(logs.records()).singleElement().satisfies(line -> {
                assertThat(line.getMessage()).isEqualTo("requests failed with 500 because stored data is damaged (1"
                        + " since the last such line; latest GET /v1/submissions/:id: stored data in"
                        + " submissions.personal|s-1 under data key 'key-1', which is configured, does not decrypt"
                        + " under it)");
                assertThat(line.getThrown()).isNull();
            });
        }
    }

    @Test
    void anUnknownRouteIsAProblem404() {
        HttpResponseData response = bridge.get("/v2/anything");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getInteger("status")).isEqualTo(404);
    }

    @Test
    void aWrongMethodOnAPartnerRouteIsAProblem405() {
        HttpResponseData response = bridge.send("DELETE", "/v1/submissions", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:method-not-allowed");
    }

    /** Vert.x routes a path with a trailing slash as the path without it: Allow names the same methods. */
    @Test
    void aWrongMethodOnAPathWithATrailingSlashListsTheMethodsOfItsRoute() {
        assertThat(bridge.send("DELETE", "/v1/submissions/", null).header("Allow")).isEqualTo("GET, HEAD");
        assertThat(bridge.get("/v1/identity-verifications/").header("Allow")).isEqualTo("POST");
        assertThat(bridge.get("/callbacks/siv/").header("Allow")).isEqualTo("PATCH, POST, PUT");
        assertThat(bridge.send("DELETE", "/v1/submissions/" + UUID.randomUUID() + "/", null).header("Allow"))
                .isEqualTo("GET, HEAD");
    }

    @Test
    void everyReadAnswersHeadWithTheStatusAndHeadersOfItsGetAndNoBody() {
        String id = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-head")).json().getString("id");
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml", "/v1/submissions",
                "/v1/submissions/" + id, "/v1/submissions/" + UUID.randomUUID(), "/v1/submissions/not-a-uuid")) {
            HttpResponseData get = bridge.get(path);

            HttpResponseData head = bridge.send("HEAD", path, null);

            assertThat(head.status()).as(path).isEqualTo(get.status());
            assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void theOpenApiDocumentIsServedAsYaml() {
        HttpResponseData response = bridge.get("/openapi.yaml");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        assertThat(response.body()).startsWith("openapi: 3.0").contains("/v1/certificate-registrations:");
    }
}
