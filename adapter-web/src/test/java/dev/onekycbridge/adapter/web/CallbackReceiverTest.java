package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.testing.CapturedLogs;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackReceiverTest extends VertxTest {
    private static final String AUTH = "Basic cGxhdGZvcm06czNjcjN0";
    private static final String ESIGN = "/callbacks/esign";
    private static final String BODY = JsonMessageDecoder.message("6f1c1b3e-95a4-4f4e-9d0a-2a4f8f1d2c11",
            "COMPLETED", "VALID").encode();

    private TestBridge bridge;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config
                .withCallbackAuth(AUTH)
                .withAllowedCallbackCidrs(List.of("127.0.0.1/32", "::1/128"))
                .withCallbackBodyLimit(1024));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aCallbackIsStoredBeforeItIsAnsweredWith200() {
        HttpResponseData response = callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(new JsonObject().put("status", "ok"));
        assertThat(bridge.inbox.all()).singleElement().satisfies(entry -> {
            assertThat(entry.channel()).isEqualTo(CallbackChannel.ESIGN);
            assertThat(entry.state()).isEqualTo(InboxState.PENDING);
            assertThat(entry.body()).isEqualTo(BODY);
        });
    }

    static Stream<Arguments> everyReceiverAndMethod() {
        return Stream.of("POST", "PUT", "PATCH").flatMap(method -> Stream.of(
                Arguments.of(method, "/callbacks/esign", CallbackChannel.ESIGN),
                Arguments.of(method, "/callbacks/coe", CallbackChannel.COE),
                Arguments.of(method, "/callbacks/siv", CallbackChannel.SIV)));
    }

    @ParameterizedTest(name = "{0} {1} is stored on channel {2}")
    @MethodSource("everyReceiverAndMethod")
    void everyReceiverAcceptsPostPutAndPatchOnItsOwnChannel(String method, String path, CallbackChannel channel) {
        HttpResponseData response = callback(bridge, method, path, BODY, "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).extracting(InboxEntry::channel).containsExactly(channel);
    }

    @Test
    void aRepeatedCallbackIsAnswered200AndChangesNothing() {
        callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH);
        List<InboxEntry> before = bridge.inbox.all();

        HttpResponseData again = callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("status")).isEqualTo("ok");
        assertThat(bridge.inbox.all()).isEqualTo(before);
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_callbacks_received_total{channel=\"ESIGN\",outcome=\"accepted\"} 1")
                .contains("onekyc_bridge_callbacks_received_total{channel=\"ESIGN\",outcome=\"duplicate\"} 1");
    }

    @Test
    void malformedJsonIsAnswered400AndKeptAsRejected() {
        HttpResponseData response = callback(bridge, "POST", ESIGN, "{\"submissionId\": ", "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:callback-rejected");
        assertThat(bridge.inbox.all()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(InboxState.REJECTED);
            assertThat(entry.body()).isEqualTo("{\"submissionId\": ");
        });
    }

    @Test
    void aMessageWithoutSubmissionIdIsAnswered400AndKeptAsRejected() {
        String body = new JsonObject().put("status", "COMPLETED").encode();

        HttpResponseData response = callback(bridge, "PUT", "/callbacks/coe", body, "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("detail")).contains("submissionId");
        assertThat(bridge.inbox.all()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(InboxState.REJECTED));
    }

    @Test
    void aWrongAuthorizationIsAnswered401AndNothingIsStored() {
        HttpResponseData response = callback(bridge, "POST", ESIGN, BODY, "Authorization", "Basic d3Jvbmc6d3Jvbmc=");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("d3Jvbmc6d3Jvbmc=", "cGxhdGZvcm06czNjcjN0");
        assertThat(bridge.inbox.all()).isEmpty();
    }

    @Test
    void refusedCallbacksAreWarnedAboutOnceAMinuteWithHowManyAndNeverTheValueTheyCarried() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (int i = 0; i < 5; i++) {
                callback(bridge, "POST", ESIGN, BODY, "Authorization", "Basic d3Jvbmc6d3Jvbmc=");
            }
            callback(bridge, "POST", ESIGN, BODY);

            assertThat(refusalLines(logs)).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(line.getMessage()).startsWith("callbacks are refused because their Authorization"
                        + " is missing or is not BRIDGE_CALLBACK_AUTH (1 since the last such line; latest"
                        + " with another value)").doesNotContain("d3Jvbmc6d3Jvbmc=");
            });
        }
    }

    /** The times counted in the quiet minute are not lost when the service stops before it ends. */
    @Test
    void refusalsNotYetToldAreToldWhenTheServerCloses() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (int i = 0; i < 3; i++) {
                callback(bridge, "POST", ESIGN, BODY, "Authorization", "Basic d3Jvbmc6d3Jvbmc=");
            }
            callback(bridge, "POST", ESIGN, BODY);
            assertThat(refusalLines(logs)).hasSize(1);

            bridge.close();

            assertThat(refusalLines(logs)).extracting(LogRecord::getMessage).containsExactly(
                    "callbacks are refused because their Authorization is missing or is not BRIDGE_CALLBACK_AUTH (1"
                            + " since the last such line; latest with another value): results come only by polling"
                            + " until the platform's callback set-up and the service's agree",
                    "callbacks are refused because their Authorization is missing or is not BRIDGE_CALLBACK_AUTH (3"
                            + " since the last such line; latest without one): results come only by polling until"
                            + " the platform's callback set-up and the service's agree");
        }
    }

    private static List<LogRecord> refusalLines(CapturedLogs logs) {
        return logs.records().stream().filter(r -> r.getLoggerName().equals(RefusedCallbacks.class.getName()))
                .toList();
    }

    @Test
    void aMissingAuthorizationIsAnswered401() {
        HttpResponseData response = callback(bridge, "POST", ESIGN, BODY);

        assertThat(response.status()).isEqualTo(401);
        assertThat(bridge.inbox.all()).isEmpty();
    }

    @Test
    void aSourceOutsideTheAllowedBlocksIsAnswered403() {
        try (TestBridge strict = TestBridge.start(vertx, config -> config
                .withAllowedCallbackCidrs(List.of("203.0.113.0/24", "2001:db8::/32")))) {
            HttpResponseData response = callback(strict, "POST", ESIGN, BODY);

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(strict.inbox.all()).isEmpty();
        }
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedForwardedAddressDecides() {
        try (TestBridge proxied = TestBridge.start(vertx, config -> config
                .withAllowedCallbackCidrs(List.of("203.0.113.0/24"))
                .withTrustedProxies(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8")))) {
            assertThat(callback(proxied, "POST", ESIGN, BODY, "X-Forwarded-For", "203.0.113.9").status())
                    .isEqualTo(200);
            assertThat(callback(proxied, "POST", ESIGN, BODY + " ", "X-Forwarded-For", "198.51.100.1").status())
                    .isEqualTo(403);
            // A client writing an allowed address on the left cannot hide its own, which the proxy appended.
            assertThat(callback(proxied, "POST", ESIGN, BODY + "  ", "X-Forwarded-For", "203.0.113.9, 198.51.100.1")
                    .status()).isEqualTo(403);
            // Trusted proxies on the right are skipped.
            assertThat(callback(proxied, "POST", ESIGN, BODY + "   ",
                    "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.1.2.3").status()).isEqualTo(200);
            assertThat(proxied.inbox.all()).hasSize(2);
        }
    }

    @Test
    void forwardedAddressesFromAnUntrustedPeerAreIgnored() {
        try (TestBridge direct = TestBridge.start(vertx, config -> config
                .withAllowedCallbackCidrs(List.of("203.0.113.0/24"))
                .withTrustedProxies(List.of("10.0.0.0/8")))) {
            HttpResponseData response = callback(direct, "POST", ESIGN, BODY, "X-Forwarded-For", "203.0.113.9");

            assertThat(response.status()).isEqualTo(403);
            assertThat(direct.inbox.all()).isEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitIsAnswered413AndNotStored() {
        String large = new JsonObject().put("submissionId", "x").put("status", "COMPLETED")
                .put("padding", "p".repeat(2000)).encode();

        HttpResponseData response = callback(bridge, "POST", ESIGN, large, "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(413);
        assertThat(bridge.inbox.all()).isEmpty();
    }

    /** The platform documents no content type for some callbacks: a result refused for its header would be lost. */
    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded",
            "application/xml"})
    void aResultIsStoredWhateverContentTypeItDeclares(String contentType) {
        String[] headers = contentType.isEmpty() ? new String[] {"Authorization", AUTH}
                : new String[] {"Authorization", AUTH, "Content-Type", contentType};
        HttpResponseData response = bridge.send("POST", ESIGN, BODY.getBytes(StandardCharsets.UTF_8), headers);

        assertThat(response.status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(InboxState.PENDING));
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aResultDeclaredAsAFormIsStoredAsItCameThoughNoFormCouldReadIt(String contentType) {
        String body = "{\"submissionId\":\"4f8e-percent\",\"status\":\"COMPLETED\",\"result\":\"VALID\","
                + "\"note\":\"100% done\"}";

        HttpResponseData response = bridge.send("POST", ESIGN, body.getBytes(StandardCharsets.UTF_8),
                "Authorization", AUTH, "Content-Type", contentType);

        assertThat(response.status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(InboxState.PENDING);
            assertThat(entry.body()).isEqualTo(body);
        });
    }

    @Test
    void aBodyOfAnotherTypeThatIsNoJsonIsRejectedAndKept() {
        HttpResponseData response = bridge.send("POST", ESIGN, "name=value".getBytes(StandardCharsets.UTF_8),
                "Authorization", AUTH, "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.status()).isEqualTo(400);
        assertThat(bridge.inbox.all()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(InboxState.REJECTED));
    }

    @Test
    void structuredJsonTypesAndACharsetAreAccepted() {
        HttpResponseData response = bridge.send("POST", ESIGN, BODY.getBytes(StandardCharsets.UTF_8),
                "Authorization", AUTH, "Content-Type", "application/vnd.onekyc.callback+json; charset=UTF-8");

        assertThat(response.status()).isEqualTo(200);
    }

    /**
     * JSON is UTF-8 whatever its type's {@code charset} says (RFC 8259): an unknown charset would leave the callback
     * unstored and the platform sending it again for ever, and a foreign one would store its names damaged.
     */
    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"application/json; charset=bogus", "application/json; charset=ISO-8859-1",
            "text/plain; charset=\"utf-16\""})
    void aResultIsStoredAsTheUtf8ItIsWhateverCharsetItsTypeNames(String contentType) {
        String body = JsonMessageDecoder.message("6f1c1b3e-95a4-4f4e-9d0a-2a4f8f1d2c12", "COMPLETED", "VALID")
                .put("ktpData", new JsonObject().put("name", "Ni Luh Putu Ayu Wiśnu Dévi")).encode();

        HttpResponseData response = bridge.send("POST", ESIGN, body.getBytes(StandardCharsets.UTF_8),
                "Authorization", AUTH, "Content-Type", contentType);

        assertThat(response.status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(InboxState.PENDING);
            assertThat(entry.body()).isEqualTo(body);
        });
    }

    @ParameterizedTest(name = "{0} is answered 405")
    @ValueSource(strings = {"GET", "DELETE"})
    void otherMethodsAreAnswered405WithTheAllowedOnes(String method) {
        HttpResponseData response = bridge.send(method, ESIGN, null, "Authorization", AUTH);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("PATCH, POST, PUT");
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theSourceIsCheckedBeforeTheAuthorization() {
        try (TestBridge strict = TestBridge.start(vertx, config -> config.withCallbackAuth(AUTH)
                .withAllowedCallbackCidrs(List.of("203.0.113.0/24")))) {
            assertThat(callback(strict, "POST", ESIGN, BODY, "Authorization", "wrong").status()).isEqualTo(403);
        }
    }

    @Test
    void theAuthorizationIsCheckedBeforeTheSizeAndTheSizeBeforeTheType() {
        String large = "x".repeat(2000);

        assertThat(bridge.send("POST", ESIGN, large.getBytes(StandardCharsets.UTF_8), "Authorization", "wrong",
                "Content-Type", "text/plain").status()).isEqualTo(401);
        assertThat(bridge.send("POST", ESIGN, large.getBytes(StandardCharsets.UTF_8), "Authorization", AUTH,
                "Content-Type", "text/plain").status()).isEqualTo(413);
    }

    @Test
    void whenTheCallbackCannotBeStoredTheAnswerIs503SoThatThePlatformRetries() {
        bridge.inboxPort.failing = true;

        HttpResponseData failed = callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(failed.body()).doesNotContain("database unavailable");

        bridge.inboxPort.failing = false;
        assertThat(callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH).status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).hasSize(1);
    }

    /**
     * A burst of partner requests fills every worker and queues behind them; a callback is still answered at once,
     * before the platform's short wait for it ends, because callbacks have workers of their own.
     */
    @Test
    void aCallbackIsAnsweredWhilePartnerRequestsHoldEveryWorker() throws Exception {
        try (HeldWorkers partner = bridge.holdPartnerWorkers(8, 4)) {
            CompletableFuture<HttpResponseData> answer = CompletableFuture.supplyAsync(
                    () -> callback(bridge, "POST", ESIGN, BODY, "Authorization", AUTH));

            assertThat(answer.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(bridge.inbox.all()).hasSize(1);
            assertThat(partner.waiting()).as("the partner requests still held").isEqualTo(4);
        }
    }

    private static HttpResponseData callback(TestBridge target, String method, String path, String body,
                                             String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/json";
        return target.send(method, path, body.getBytes(StandardCharsets.UTF_8), all);
    }
}
