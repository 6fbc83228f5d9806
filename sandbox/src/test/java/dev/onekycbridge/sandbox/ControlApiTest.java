package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Images;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlApiTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(SandboxOptions.defaults());

    private Http http;
    private Platform platform;

    @BeforeEach
    void setUp() {
        http = new Http(SANDBOX.baseUrl());
        platform = new Platform(http);
    }

    @Test
    void healthIsUp() {
        Reply reply = http.get("/_sandbox/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getString("status")).isEqualTo("UP");
    }

    @Test
    void theConfigurationStartsWithTheDocumentedDefaults() {
        JsonObject config = http.get("/_sandbox/config").json();

        assertThat(config.getString("defaultScenario")).isEqualTo("VALID");
        assertThat(config.getLong("processingDelayMillis")).isEqualTo(300);
        assertThat(config.getLong("completionDelayMillis")).isEqualTo(300);
        assertThat(config.getLong("tokenTtlSeconds")).isEqualTo(1800);
        assertThat(config.getLong("coePartnerTokenTtlSeconds")).isEqualTo(3600);
        assertThat(config.getLong("userTokenTtlSeconds")).isEqualTo(5184000);
        assertThat(config.getInteger("esignTokenMissingHeaderCode")).isEqualTo(1650);
        assertThat(config.getInteger("coeDetailsUnauthorizedCode")).isEqualTo(110);
        assertThat(config.getLong("presignedUrlTtlSeconds")).isEqualTo(432000);
        assertThat(config.getLong("coePresignedUrlTtlSeconds")).isEqualTo(600);
        assertThat(config.getBoolean("sivAutoComplete")).isTrue();
        assertThat(config.getLong("retentionSeconds")).isEqualTo(86400);
        JsonObject credential = config.getJsonArray("credentials").getJsonObject(0);
        assertThat(credential.getString("clientId")).isEqualTo("sandbox-client-id");
        assertThat(credential.getString("passKey")).isEqualTo("***");
        assertThat(credential.getJsonArray("onboardingPartners")).containsExactlyInAnyOrder("SANDBOX-BE-CERT_REG",
                "SANDBOX-SDK-KTP_SCAN", "SANDBOX-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION");
        assertThat(config.getJsonObject("callbacks").fieldNames()).containsExactlyInAnyOrder("esign", "coe", "siv");
        assertThat(config.getJsonObject("callbacks").getValue("esign")).isNull();
        assertThat(config.getJsonObject("callbackRetry")).isEqualTo(new JsonObject().put("maxAttempts", 6)
                .put("initialBackoffMillis", 200).put("timeoutMillis", 2000));
        JsonObject faults = config.getJsonObject("faults");
        assertThat(faults.getDouble("errorRate")).isZero();
        assertThat(faults.getInteger("errorStatus")).isEqualTo(500);
        assertThat(faults.getDouble("lostAnswerRate")).isZero();
        assertThat(faults.getBoolean("callbackReorder")).isFalse();
        assertThat(faults.getValue("seed")).isNull();
    }

    @Test
    void aPartialUpdateChangesOnlyTheFieldsItNames() {
        Reply reply = http.putJson("/_sandbox/config", new JsonObject()
                .put("processingDelayMillis", 50)
                .put("retentionSeconds", 600)
                .put("faults", new JsonObject().put("errorRate", 0.25))
                .put("callbacks", new JsonObject().put("coe", new JsonObject()
                        .put("url", "http://127.0.0.1:9/coe").put("method", "patch"))));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject config = reply.json();
        assertThat(config.getLong("processingDelayMillis")).isEqualTo(50);
        assertThat(config.getLong("completionDelayMillis")).isEqualTo(300);
        assertThat(config.getJsonObject("faults").getDouble("errorRate")).isEqualTo(0.25);
        assertThat(config.getJsonObject("faults").getInteger("errorStatus")).isEqualTo(500);
        assertThat(config.getJsonObject("callbacks").getJsonObject("coe").getString("method")).isEqualTo("PATCH");
        assertThat(SANDBOX.control().config().processingDelayMillis()).isEqualTo(50);
        assertThat(SANDBOX.control().config().retentionSeconds()).isEqualTo(600);
    }

    @Test
    void anInvalidUpdateIsRefusedAndChangesNothing() {
        Reply rate = http.putJson("/_sandbox/config", new JsonObject().put("processingDelayMillis", 5)
                .put("faults", new JsonObject().put("errorRate", 2)));
        Reply unknown = http.putJson("/_sandbox/config", new JsonObject().put("procesingDelayMillis", 5));
        Reply scenario = http.putJson("/_sandbox/config", new JsonObject().put("defaultScenario", "MAYBE"));
        Reply retention = http.putJson("/_sandbox/config", new JsonObject().put("retentionSeconds", 0));
        Reply ttl = http.putJson("/_sandbox/config", new JsonObject().put("tokenTtlSeconds", Long.MAX_VALUE));
        Reply coeTtl = http.putJson("/_sandbox/config", new JsonObject().put("coePartnerTokenTtlSeconds", 0));
        Reply urlTtl = http.putJson("/_sandbox/config",
                new JsonObject().put("presignedUrlTtlSeconds", SandboxConfig.MAX_TTL_SECONDS + 1));
        Reply method = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", "http://x.example/cb").put("method", "GET"))));

        assertThat(rate.status()).isEqualTo(400);
        assertThat(rate.json().getString("error")).contains("errorRate");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().getString("error")).contains("procesingDelayMillis");
        assertThat(scenario.status()).isEqualTo(400);
        assertThat(retention.status()).isEqualTo(400);
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.json().getString("error")).contains("at most 3153600000");
        assertThat(coeTtl.status()).isEqualTo(400);
        assertThat(urlTtl.status()).isEqualTo(400);
        assertThat(method.status()).isEqualTo(400);
        assertThat(SANDBOX.control().config()).isEqualTo(SandboxConfig.defaults());
    }

    @Test
    void aCallbackHeaderThatCannotBeSentIsRefusedWithoutRepeatingIt() {
        Reply lineBreak = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", "http://x.example/cb").put("authHeaderName", "Authorization")
                        .put("authHeaderValue", "Bearer s3cret\r\nX-Injected: 1"))));
        Reply badName = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", "http://x.example/cb").put("authHeaderName", "Api Key")
                        .put("authHeaderValue", "s3cret"))));

        assertThat(lineBreak.status()).isEqualTo(400);
        assertThat(lineBreak.json().getString("error")).contains("authHeaderValue").doesNotContain("s3cret");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().getString("error")).contains("authHeaderName").doesNotContain("s3cret");
        assertThat(SANDBOX.control().config()).isEqualTo(SandboxConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:80800/callbacks/esign", "http://127.0.0.1:0/cb",
        "http://127.0.0.1:99999999999/cb", "http://127.0.0.1:8080:90/cb", "http://:8080/cb", "http:///cb",
        "http:cb", "http://partner:s3cret@:8080/cb"})
    void aCallbackUrlTheClientCouldNotSendToIsRefusedWithoutRepeatingIt(String url) {
        Reply reply = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", url))));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("error")).contains("callback url").doesNotContain("s3cret");
        assertThat(SANDBOX.control().config()).isEqualTo(SandboxConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:65535/cb", "http://127.0.0.1:/cb", "http://[::1]:8080/cb",
        "http://partner_receiver:8080/cb", "https://partner:s3cret@partner.example/cb"})
    void aCallbackUrlWithAHostAndAPortInRangeIsTaken(String url) {
        Reply reply = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", url))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(SANDBOX.control().config().callback(CallbackChannel.ESIGN).orElseThrow().url()).isEqualTo(url);
    }

    @Test
    void aCallbackHeaderThatIsNotAStringIsRefusedRatherThanSentAsJavaText() {
        Reply name = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", "http://x.example/cb").put("authHeaderName", 5)
                        .put("authHeaderValue", "s3cret"))));
        Reply value = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("esign", new JsonObject().put("url", "http://x.example/cb").put("authHeaderName", "Authorization")
                        .put("authHeaderValue", new JsonObject().put("token", "s3cret")))));

        assertThat(name.status()).isEqualTo(400);
        assertThat(name.json().getString("error")).startsWith("authHeaderName:").doesNotContain("s3cret");
        assertThat(value.status()).isEqualTo(400);
        assertThat(value.json().getString("error")).startsWith("authHeaderValue:").doesNotContain("s3cret");
        assertThat(SANDBOX.control().config()).isEqualTo(SandboxConfig.defaults());
    }

    @Test
    void secretsAreMaskedButARoundTripKeepsThem() {
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            http.putJson("/_sandbox/config", new JsonObject()
                    .put("processingDelayMillis", 10).put("completionDelayMillis", 10)
                    .put("callbacks", new JsonObject().put("esign", new JsonObject()
                            .put("url", receiver.url("/cb")).put("authHeaderName", "Authorization")
                            .put("authHeaderValue", "Basic dXNlcjpwYXNz"))));
            JsonObject shown = http.get("/_sandbox/config").json();

            Reply roundTrip = http.putJson("/_sandbox/config", shown);
            platform.startCertReg(Platform.user("NOT_EKTP"));

            assertThat(shown.getJsonObject("callbacks").getJsonObject("esign").getString("authHeaderValue"))
                    .isEqualTo("***");
            assertThat(roundTrip.status()).isEqualTo(200);
            assertThat(receiver.awaitCount(1).get(0).header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
            assertThat(platform.esignToken()).isNotBlank();
        }
    }

    @Test
    void credentialsCanBeAddedThroughTheControlApi() {
        http.putJson("/_sandbox/config", new JsonObject().put("credentials", new JsonArray()
                .add(new JsonObject().put("clientId", "sandbox-client-id").put("passKey", "***"))
                .add(new JsonObject().put("clientId", "second").put("passKey", "second-key")
                        .put("onboardingPartners", new JsonArray().add("SECOND-BE-CERT_REG")))));

        Reply first = http.get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key");
        Reply second = http.get("/v1/esign/partner/authentication", "client-id", "second", "pass-key", "second-key");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void aCallbackTargetIsRemovedWithNull() {
        http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .put("siv", new JsonObject().put("url", "http://127.0.0.1:9/siv"))));

        JsonObject config = http.putJson("/_sandbox/config", new JsonObject().put("callbacks", new JsonObject()
                .putNull("siv"))).json();

        assertThat(config.getJsonObject("callbacks").getValue("siv")).isNull();
    }

    @Test
    void platformRequestsAreRecordedWithSecretsAndPersonalDataMasked() {
        String token = platform.esignToken();
        JsonObject urls = platform.certRegUrls(token, "user-rec").data();
        platform.uploadAll(urls);
        platform.confirm(token, "user-rec", "session-rec", Platform.confirmBody(urls.getString("submissionId")));

        JsonArray requests = http.get("/_sandbox/requests").json().getJsonArray("requests");

        assertThat(requests).hasSize(5);
        assertThat(http.get("/_sandbox/requests").json().getJsonObject("counts")).isEqualTo(new JsonObject()
                .put("GET /esign-partner/v1/submissions/urls", 1)
                .put("GET /v1/esign/partner/authentication", 1)
                .put("PUT /_objects/{submissionId}/{documentType}", 2)
                .put("PUT /esign-partner/v1/submissions/urls", 1));
        assertThat(SANDBOX.control().requestCounts()).containsEntry("PUT /_objects/{submissionId}/{documentType}", 2L);
        JsonObject tokenCall = requests.getJsonObject(0);
        assertThat(tokenCall.getString("method")).isEqualTo("GET");
        assertThat(tokenCall.getString("path")).isEqualTo("/v1/esign/partner/authentication");
        assertThat(tokenCall.getJsonObject("headers").getString("client-id")).isEqualTo("***");
        assertThat(tokenCall.getJsonObject("headers").getString("pass-key")).isEqualTo("***");
        assertThat(tokenCall.getInteger("status")).isEqualTo(200);
        JsonObject urlsCall = requests.getJsonObject(1);
        assertThat(urlsCall.getString("query")).isEqualTo("submissionType=CERT_REG");
        assertThat(urlsCall.getJsonObject("headers").getString("x-onekyc-token")).isEqualTo("***");
        assertThat(urlsCall.getJsonObject("headers").getString("x-partner-user-id")).isEqualTo("user-rec");
        JsonObject upload = requests.getJsonObject(2);
        assertThat(upload.getString("query")).contains("signature=***");
        assertThat(upload.getString("body")).isEqualTo("<" + Images.JPEG.length + " bytes>");
        JsonObject confirm = requests.getJsonObject(4);
        JsonObject user = confirm.getJsonObject("body").getJsonObject("metadata").getJsonObject("userDetails");
        assertThat(user.getString("nik")).isEqualTo("***");
        assertThat(user.getString("name")).isEqualTo("***");
        assertThat(user.getString("email")).isEqualTo("***");
        assertThat(user.getString("phoneNumber")).isEqualTo("***");
        assertThat(user.getString("dateOfBirth")).isEqualTo("***");
        assertThat(confirm.getJsonObject("body").getString("submissionId")).isEqualTo(urls.getString("submissionId"));
        assertThat(confirm.toString()).doesNotContain("3187888902845410", "john.doe", "John Doe");
    }

    @Test
    void aLargeBodyIsRecordedByItsSizeOnlySoTheWindowStaysSmall() {
        JsonObject large = new JsonObject().put("submissionId", "x").put("padding", "a".repeat(100_000));
        int size = large.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

        platform.confirm(platform.esignToken(), "user-rec", "session-rec", large);

        JsonObject recorded = http.get("/_sandbox/requests").json().getJsonArray("requests").getJsonObject(1);
        assertThat(recorded.getString("method")).isEqualTo("PUT");
        assertThat(recorded.getValue("body")).isEqualTo("<" + size + " bytes>");
    }

    @Test
    void controlRequestsAreNotRecordedAndTheRecordCanBeCleared() {
        platform.esignToken();
        http.get("/_sandbox/config");

        int before = http.get("/_sandbox/requests").json().getJsonArray("requests").size();
        Reply cleared = http.delete("/_sandbox/requests");
        int after = http.get("/_sandbox/requests").json().getJsonArray("requests").size();

        assertThat(before).isEqualTo(1);
        assertThat(cleared.status()).isEqualTo(204);
        assertThat(after).isZero();
    }

    /**
     * A token request held up by the latency fault arrives before the clear and is answered after it: it belongs to
     * the cleared window, not to the counts of requests that arrived since. Arrival is seen from the ids (sequence
     * numbers) of quick object-store probes, which faults spare: one id skipped means the token request arrived.
     */
    @Test
    void aRequestInFlightWhenTheRecordIsClearedIsNotCountedInTheNextWindow() throws Exception {
        long seed = seedWithFirstDrawAbove(0.5);
        platform.configure(new JsonObject().put("faults", new JsonObject().put("latencyMillisMax", 9_000)
                .put("seed", seed)));
        String probe = "/_objects/" + UUID.randomUUID() + "/KTP";
        long before = lastId(probe);

        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(
                () -> http.get("/v1/esign/partner/authentication", "client-id", Platform.CLIENT_ID,
                        "pass-key", Platform.PASS_KEY).status());
        long previous = before;
        long next = lastId(probe);
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (next == previous + 1 && System.nanoTime() < deadline) {
            previous = next;
            next = lastId(probe);
        }
        assertThat(next).as("the token request arrived").isGreaterThan(previous + 1);
        assertThat(slow).as("still in flight").isNotDone();
        http.delete("/_sandbox/requests");

        assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        JsonObject recorded = http.get("/_sandbox/requests").json();
        assertThat(recorded.getJsonObject("counts").fieldNames())
                .doesNotContain("GET /v1/esign/partner/authentication");
        assertThat(recorded.getJsonArray("requests").stream().map(r -> ((JsonObject) r).getString("path")))
                .doesNotContain("/v1/esign/partner/authentication");
    }

    /** Sends a probe the faults spare (the object store) and answers the id it was recorded under. */
    private long lastId(String probePath) {
        http.get(probePath);
        JsonArray requests = http.get("/_sandbox/requests").json().getJsonArray("requests");
        return requests.getJsonObject(requests.size() - 1).getLong("id");
    }

    /** A seed whose first latency draw holds a request for more than that share of the maximum. */
    private static long seedWithFirstDrawAbove(double share) {
        long seed = 1;
        while (new Random(seed).nextDouble() <= share) {
            seed++;
        }
        return seed;
    }

    @Test
    void submissionsAreListedAndShownOneByOne() {
        String token = platform.esignToken();
        String first = platform.certRegUrls(token, "user-a").data().getString("submissionId");
        platform.certRegUrls(token, "user-b__FRAUD_REJECT");

        JsonArray all = http.get("/_sandbox/submissions").json().getJsonArray("submissions");
        JsonObject one = http.get("/_sandbox/submissions/" + first).json();
        Reply unknown = http.get("/_sandbox/submissions/nope");

        assertThat(all).hasSize(2);
        assertThat(all.getJsonObject(1).getString("scenario")).isEqualTo("FRAUD_REJECT");
        assertThat(one.getString("submissionId")).isEqualTo(first);
        assertThat(one.getString("userId")).isEqualTo("user-a");
        assertThat(one.getString("clientId")).isEqualTo("sandbox-client-id");
        assertThat(one.getString("onboardingPartner")).isEqualTo("SANDBOX-BE-CERT_REG");
        assertThat(one.getString("status")).isEqualTo("INITIATED");
        assertThat(one.getInteger("confirmCount")).isZero();
        assertThat(one.getJsonObject("documents").getJsonObject("KTP").getBoolean("uploaded")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void resetForgetsEverythingAndRestoresTheStartConfiguration() {
        String token = platform.esignToken();
        platform.certRegUrls(token, "user-a");
        http.putJson("/_sandbox/config", new JsonObject().put("defaultScenario", "SYSTEM_ERROR"));

        Reply reset = http.postJson("/_sandbox/reset", null);

        assertThat(reset.status()).isEqualTo(200);
        assertThat(http.get("/_sandbox/submissions").json().getJsonArray("submissions")).isEmpty();
        assertThat(http.get("/_sandbox/requests").json().getJsonArray("requests")).isEmpty();
        assertThat(http.get("/_sandbox/config").json().getString("defaultScenario")).isEqualTo("VALID");
        assertThat(platform.certRegUrls(token, "user-a").status()).isEqualTo(401);
    }

    @Test
    void resetStopsProcessingThatWasUnderWay() {
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            SANDBOX.control().updateConfig(c -> c.withProcessingDelayMillis(600)
                    .withCallback(CallbackChannel.ESIGN, CallbackTarget.post(receiver.url("/cb"))));
            new Platform(http).startCertReg("user-reset");

            SANDBOX.control().reset();
            Eventually.pause(800);

            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void theFastTestOptionsAreNotTheDefaults() {
        assertThat(Fast.config()).isNotEqualTo(SandboxConfig.defaults());
    }
}
