package dev.onekycbridge.adapter.web;

import static dev.onekycbridge.adapter.web.CertificateRegistrationApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityVerificationApiTest extends BridgeTest {
    private static final String PATH = "/v1/identity-verifications";

    @Test
    void aLaunchedVerificationIsAnswered201WithWhatTheFrontEndNeeds() {
        HttpResponseData response = bridge.postJson(PATH, Requests.identityVerification("user-7").encode());

        assertThat(response.status()).isEqualTo(201);
        JsonObject body = response.json();
        assertThat(response.header("Location")).isEqualTo("/v1/submissions/" + body.getString("id"));
        assertThat(body.getString("type")).isEqualTo("SIV");
        assertThat(body.getString("status")).isEqualTo("INITIATED");
        JsonObject launch = body.getJsonObject("launch");
        assertThat(launch.getString("sdkToken")).startsWith("sdk-token-");
        assertThat(response.header("Cache-Control")).as("a bearer token").isEqualTo("no-store");
        assertThat(launch.getString("expiresAt")).isNotNull();
        assertThat(response.body()).doesNotContain(TestData.EMAIL, TestData.PHONE);
    }

    @Test
    void whenThePlatformCannotBeReachedTheVerificationIsStoredAndAnswered202WithoutLaunch() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                () -> new PlatformUnavailableException("timeout", 0, null, null));

        HttpResponseData response = bridge.postJson(PATH, Requests.identityVerification("user-8").encode());

        assertThat(response.status()).isEqualTo(202);
        JsonObject body = response.json();
        assertThat(body.getString("status")).isEqualTo("CREATED");
        assertThat(body.containsKey("launch")).isTrue();
        assertThat(body.getValue("launch")).isNull();
        assertThat(bridge.submission(body.getString("id")).status()).isEqualTo(SubmissionStatus.CREATED);
    }

    @Test
    void aRefusalByThePlatformIsAnswered502WithItsCodesAndTheSubmissionFails() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                () -> new PlatformRejectedException(400,
                        List.of(new PlatformError("1539", "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE", null))));

        HttpResponseData response = bridge.postJson(PATH, Requests.identityVerification("user-9").encode());

        assertThat(response.status()).isEqualTo(502);
        JsonObject problem = response.json();
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:platform-rejected");
        assertThat(problem.getInteger("platformStatus")).isEqualTo(400);
        assertThat(problem.getJsonArray("platformErrors").getJsonObject(0).getString("cause"))
                .isEqualTo("PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE");
        assertThat(bridge.store.all()).singleElement()
                .satisfies(submission -> assertThat(submission.status()).isEqualTo(SubmissionStatus.FAILED));
    }

    /** JSON is UTF-8 (RFC 8259): a charset its type names, known or not, changes nothing. */
    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"application/json; charset=bogus", "application/json; charset=\"utf-8\"",
            "application/json; charset=ISO-8859-1"})
    void aCharsetParameterOfTheJsonTypeIsIgnored(String contentType) {
        byte[] body = Requests.identityVerification("user-charset").encode().getBytes(StandardCharsets.UTF_8);

        HttpResponseData response = bridge.send("POST", PATH, body, "Content-Type", contentType);

        assertThat(response.status()).isEqualTo(201);
        assertThat(bridge.store.all()).hasSize(1);
    }

    @Test
    void everyInvalidFieldIsListedWith422() {
        JsonObject request = Requests.identityVerification("user-10")
                .put("email", "nope")
                .put("source", "DESKTOP")
                .put("userLocale", "en_US");
        request.getJsonObject("dataVerification").getJsonObject("phoneNumber").put("isVerified", false);

        HttpResponseData response = bridge.postJson(PATH, request.encode());

        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).contains("email", "source", "userLocale",
                "dataVerification.phoneNumber.isVerified");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void malformedJsonIsAnswered400() {
        HttpResponseData response = bridge.postJson(PATH, "{\"partnerUserId\": \"user-11\",");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("body");
    }

    /** Held in memory whole, a JSON body has a JSON document's limit, not the request limit made for images. */
    @Test
    void aBodyOverAMebibyteIsAnswered413AndNothingIsStored() {
        String body = Requests.identityVerification("user-14")
                .put("padding", "x".repeat((int) WebConfig.MAX_JSON_BYTES)).encode();

        HttpResponseData response = bridge.postJson(PATH, body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(fields(response.json())).containsExactly("body");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aKeyGivenTwiceIsA400NamingItAndNothingIsStored() {
        String body = Requests.identityVerification("user-12").encode()
                .replaceFirst("\"partnerUserId\":", "\"partnerUserId\":\"user-13\",\"partnerUserId\":");

        HttpResponseData response = bridge.postJson(PATH, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("partnerUserId");
        assertThat(bridge.store.all()).isEmpty();
    }

    /** A repeated key does not hide the body's other problems: they are answered together, not one try later. */
    @Test
    void aKeyGivenTwiceIsAnsweredWithTheBodysOtherProblems() {
        String body = Requests.identityVerification("user-12b").put("locale", "en_ID").put("source", true).encode()
                .replaceFirst("\"partnerUserId\":", "\"partnerUserId\":\"user-13\",\"partnerUserId\":");

        HttpResponseData response = bridge.postJson(PATH, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("partnerUserId", "locale", "source");
        assertThat(bridge.store.all()).isEmpty();
    }

    /** Some editors and tools write a byte-order mark first: it is no part of the JSON, nor of the request. */
    @Test
    void aBodyStartingWithAByteOrderMarkIsReadAsTheSameRequestWithoutIt() {
        String request = Requests.identityVerification("user-bom").encode();

        HttpResponseData marked = bridge.postJson(PATH, "\uFEFF" + request, "Idempotency-Key", "siv-bom");
        HttpResponseData unmarked = bridge.postJson(PATH, request, "Idempotency-Key", "siv-bom");
        HttpResponseData twice = bridge.postJson(PATH, "\uFEFF\uFEFF" + request);

        assertThat(marked.status()).isEqualTo(201);
        assertThat(unmarked.status()).isEqualTo(201);
        assertThat(unmarked.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(unmarked.json().getString("id")).isEqualTo(marked.json().getString("id"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(fields(twice.json())).containsExactly("body");
    }

    /** Dropped, a misspelt member would leave the platform a default in its place (id_ID for the locale). */
    @Test
    void aMemberTheRequestDoesNotTakeIsA400NamingItAndNothingIsLaunched() {
        JsonObject request = Requests.identityVerification("user-typo").put("locale", "en_ID")
                .put("sucessRedirectionUrl", "https://partner.example/typo");
        request.remove("userLocale");

        HttpResponseData response = bridge.postJson(PATH, request.encode());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(fields(response.json())).containsExactlyInAnyOrder("locale", "sucessRedirectionUrl");
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isZero();
    }

    @Test
    void aJsonArrayIsNotARequest() {
        HttpResponseData response = bridge.postJson(PATH, "[1, 2]");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("body");
    }

    @Test
    void aBooleanWhereTextBelongsIsAnswered400() {
        HttpResponseData response = bridge.postJson(PATH,
                Requests.identityVerification("user-12").put("partnerUserId", true).encode());

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("partnerUserId");
    }

    @Test
    void aBodyThatIsNotJsonIsAnswered415() {
        HttpResponseData response = bridge.send("POST", PATH, "source=SDK".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void aRepeatWithTheSameKeyGetsTheSameLaunchedSubmission() {
        String request = Requests.identityVerification("user-13").encode();
        HttpResponseData first = bridge.postJson(PATH, request, "Idempotency-Key", "siv-1");

        HttpResponseData second = bridge.postJson(PATH, request, "Idempotency-Key", "siv-1");

        assertThat(second.status()).isEqualTo(first.status()).isEqualTo(201);
        assertThat(second.json().getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(second.json().getJsonObject("launch")).isEqualTo(first.json().getJsonObject("launch"));
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isEqualTo(1);
    }

    @Test
    void twoIdempotencyKeysOnOneRequestAreA400AndStartNothing() {
        String request = Requests.identityVerification("user-two-keys").encode();

        HttpResponseData response = bridge.send("POST", PATH, request.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "Idempotency-Key", "siv-a", "Idempotency-Key", "siv-b");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("Idempotency-Key");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("must be sent once");
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isZero();
    }

    @Test
    void aRepeatOfARefusedVerificationGetsTheRefusalAgain() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                () -> new PlatformRejectedException(400,
                        List.of(new PlatformError("1539", "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE", null))));
        String request = Requests.identityVerification("user-14").encode();
        HttpResponseData first = bridge.postJson(PATH, request, "Idempotency-Key", "siv-refused");

        HttpResponseData second = bridge.postJson(PATH, request, "Idempotency-Key", "siv-refused");

        assertThat(first.status()).isEqualTo(502);
        assertThat(second.status()).isEqualTo(502);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.contentType()).startsWith("application/problem+json");
        JsonObject problem = second.json();
        assertThat(problem.getString("type")).isEqualTo(first.json().getString("type"));
        assertThat(problem.getJsonArray("platformErrors")).isEqualTo(first.json().getJsonArray("platformErrors"));
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isEqualTo(1);
        assertThat(bridge.store.all()).singleElement()
                .satisfies(submission -> assertThat(submission.status()).isEqualTo(SubmissionStatus.FAILED));
    }

    /** A refusal that listed no error: the repeat invents none, and gives the status the first answer gave. */
    @Test
    void aRepeatOfARefusalWithoutErrorsIsAnsweredAsTheFirstWas() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                () -> new PlatformRejectedException(400, List.of()));
        String request = Requests.identityVerification("user-14b").encode();
        HttpResponseData first = bridge.postJson(PATH, request, "Idempotency-Key", "siv-refused-bare");

        HttpResponseData second = bridge.postJson(PATH, request, "Idempotency-Key", "siv-refused-bare");

        assertThat(first.status()).isEqualTo(502);
        assertThat(first.json().getJsonArray("platformErrors")).isEmpty();
        assertThat(second.status()).isEqualTo(502);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        JsonObject problem = second.json();
        assertThat(problem.getJsonArray("platformErrors")).isEqualTo(first.json().getJsonArray("platformErrors"));
        assertThat(problem.getInteger("platformStatus")).isEqualTo(400);
        assertThat(problem.getString("detail")).isEqualTo(first.json().getString("detail"));
    }

    @Test
    void aRepeatOfAVerificationAcceptedForLaterIsAcceptedAgainThoughTheDriversLaunchWasRefused() {
        Replay replay = acceptedForLaterThenReplayed("user-15", () -> bridge.platform.failNext(
                FakeOneKycPlatform.Call.INITIATE_VERIFICATION, () -> new PlatformRejectedException(400,
                        List.of(new PlatformError("1539", "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE", null)))));

        assertThat(bridge.submission(replay.id()).status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(replay.second().status()).as("the first answer, again").isEqualTo(202);
        assertThat(replay.second().json().getString("status")).isEqualTo("FAILED");
    }

    /** The repeat gets the launch a front end needs, once the bridge has it, rather than a 202 without it. */
    @Test
    void aRepeatOfAVerificationAcceptedForLaterAndLaunchedSinceGetsTheLaunch() {
        Replay replay = acceptedForLaterThenReplayed("user-16", () -> { });

        assertThat(bridge.submission(replay.id()).status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(replay.first().json().getValue("launch")).isNull();
        assertThat(replay.second().status()).isEqualTo(201);
        assertThat(replay.second().json().getJsonObject("launch")).isNotNull();
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isEqualTo(2);
    }

    private record Replay(HttpResponseData first, HttpResponseData second, String id) {
    }

    /**
     * A request answered 202 (the platform unreachable), the driver's launch five minutes later (after
     * {@code beforeLaunch} has set up the platform for it), then the same request again.
     */
    private Replay acceptedForLaterThenReplayed(String user, Runnable beforeLaunch) {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                () -> new PlatformUnavailableException("down", 503, null, null));
        String request = Requests.identityVerification(user).encode();
        HttpResponseData first = bridge.postJson(PATH, request, "Idempotency-Key", "siv-" + user);
        beforeLaunch.run();
        bridge.clock.advance(java.time.Duration.ofMinutes(5));
        bridge.driver.advanceDueSubmissions(10);

        HttpResponseData second = bridge.postJson(PATH, request, "Idempotency-Key", "siv-" + user);

        String id = first.json().getString("id");
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().getString("id")).isEqualTo(id);
        return new Replay(first, second, id);
    }
}
