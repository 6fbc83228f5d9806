package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.CallbackReceiver.Received;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CertRegFlowTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private CallbackReceiver receiver;
    private Platform platform;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        SANDBOX.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                CallbackTarget.post(receiver.url("/callbacks/esign"))
                        .withAuthHeader("Authorization", "Bearer s3cret")));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void presignedUrlsIssueKtpAndSelfieUploadsPointingAtTheSandbox() {
        String token = platform.esignToken();

        Reply reply = platform.certRegUrls(token, "user-1");

        assertThat(reply.status()).isEqualTo(200);
        JsonObject data = reply.data();
        assertThat(data.getString("submissionId")).matches("[0-9a-f-]{36}");
        assertThat(data.getString("status")).isEqualTo("INITIATED");
        assertThat(data.getJsonObject("documents").fieldNames()).containsExactlyInAnyOrder("KTP", "SELFIE");
        JsonObject ktp = data.getJsonObject("documents").getJsonObject("KTP");
        assertThat(ktp.getString("documentUrl"))
                .startsWith(SANDBOX.baseUrl() + "/_objects/" + data.getString("submissionId") + "/KTP?expires=")
                .contains("&signature=");
        assertThat(ktp.getString("documentReference")).matches("[0-9a-f-]{36}_KTP");
        assertThat(ktp.getValue("expiryInSeconds")).isEqualTo("432000");
        assertThat(data.getJsonObject("documents").getJsonObject("SELFIE").getString("documentReference"))
                .endsWith("_SELFIE");
    }

    @Test
    void presignedUrlLifetimeFollowsTheConfiguration() {
        SANDBOX.control().updateConfig(c -> c.withPresignedUrlTtlSeconds(600));

        Reply reply = platform.certRegUrls(platform.esignToken(), "user-1");

        assertThat(reply.data().getJsonObject("documents").getJsonObject("KTP").getValue("expiryInSeconds"))
                .isEqualTo("600");
    }

    @Test
    void confirmAnswersTheSubmissionIdAndStartsProcessing() {
        String token = platform.esignToken();
        Reply urls = platform.certRegUrls(token, "user-2");
        String submissionId = urls.data().getString("submissionId");
        platform.uploadAll(urls.data());

        Reply confirmed = platform.confirm(token, "user-2", Platform.session(), Platform.confirmBody(submissionId));

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json()).isEqualTo(new JsonObject().put("success", true)
                .put("data", new JsonObject().put("submissionId", submissionId)));
    }

    @Test
    void aValidRegistrationIsCalledBackPartiallyCompletedThenCompletedWithARegistrationId() {
        String userId = Platform.user(null);
        String submissionId = platform.startCertReg(userId);

        List<Received> callbacks = receiver.awaitCount(2);

        Received partial = callbacks.get(0);
        Received completed = callbacks.get(1);
        assertThat(partial.method()).isEqualTo("POST");
        assertThat(partial.path()).isEqualTo("/callbacks/esign");
        assertThat(partial.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(partial.header("Content-Type")).startsWith("application/json");
        assertThat(partial.json().getString("status")).isEqualTo("PARTIALLY_COMPLETED");
        assertThat(partial.json().getString("result")).isEqualTo("VALID");
        assertThat(partial.json().getJsonObject("submissionDetails").containsKey("registrationId")).isFalse();
        JsonObject body = completed.json();
        assertThat(body.getString("submissionId")).isEqualTo(submissionId);
        assertThat(body.getString("flow")).isEqualTo("CERT_REG");
        assertThat(body.getString("userId")).isEqualTo(userId);
        assertThat(body.getString("userIdType")).isEqualTo(Platform.USER_ID_TYPE);
        assertThat(body.getString("status")).isEqualTo("COMPLETED");
        assertThat(body.getString("result")).isEqualTo("VALID");
        assertThat(body.getValue("reasonCode")).isNull();
        assertThat(Instant.parse(body.getString("processedAt"))).isNotNull();
        JsonObject details = body.getJsonObject("submissionDetails");
        assertThat(details.getJsonObject("verificationResult")).isEqualTo(new JsonObject()
                .put("nik", "PASS").put("name", "PASS").put("dateOfBirth", "PASS").put("selfie", "PASS"));
        assertThat(details.getString("registrationId")).matches("[0-9a-f-]{36}");
        assertThat(details.getBoolean("eligibleToActivate")).isFalse();
        assertThat(details.getBoolean("shouldSkipActivation")).isTrue();
        assertThat(details.getString("onboardingCode")).isEqualTo("NEW_USER");
    }

    @Test
    void getSubmissionDetailsShowsTheSameResultAsTheLastCallback() {
        String userId = Platform.user(null);
        platform.startCertReg(userId);
        List<Received> callbacks = receiver.awaitCount(2);

        JsonObject details = platform.awaitEsignStatus(userId, "COMPLETED");

        JsonObject callback = callbacks.get(1).json();
        assertThat(details).isEqualTo(callback);
    }

    @Test
    void getSubmissionDetailsFollowsTheSubmissionFromInitiatedToCompleted() {
        SANDBOX.control().updateConfig(c -> c.withProcessingDelayMillis(300));
        String userId = "user-steps";
        String token = platform.esignToken();
        Reply urls = platform.certRegUrls(token, userId);
        String submissionId = urls.data().getString("submissionId");

        assertThat(platform.esignDetails(token, userId).data().getString("status")).isEqualTo("INITIATED");
        platform.uploadAll(urls.data());
        platform.confirm(token, userId, Platform.session(), Platform.confirmBody(submissionId));
        JsonObject inProgress = platform.esignDetails(token, userId).data();

        assertThat(inProgress.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(inProgress.getValue("result")).isNull();
        assertThat(inProgress.getValue("submissionDetails")).isNull();
        assertThat(inProgress.getString("partnerSessionId")).isNotBlank();
        assertThat(platform.awaitEsignStatus(userId, "COMPLETED").getString("submissionId")).isEqualTo(submissionId);
    }

    @Test
    void getSubmissionDetailsReportsTheSessionIdThatCreatedTheSubmission() {
        String token = platform.esignToken();
        String createSession = "session-abc-001";
        Reply urls = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG",
                Platform.esignHeaders(token, "user-session", createSession));

        Reply details = platform.esignDetails(token, "user-session");

        assertThat(urls.status()).isEqualTo(200);
        assertThat(details.data().getString("partnerSessionId")).isEqualTo(createSession);
    }

    @Test
    void getSubmissionDetailsReturnsTheUsersLatestSubmission() {
        String token = platform.esignToken();
        platform.certRegUrls(token, "user-latest");
        String second = platform.certRegUrls(token, "user-latest").data().getString("submissionId");

        Reply details = platform.esignDetails(token, "user-latest");

        assertThat(details.data().getString("submissionId")).isEqualTo(second);
    }

    @Test
    void theControlApiShowsUploadsConfirmCountAndCallbackAttempts() {
        String submissionId = platform.startCertReg(Platform.user(null));
        receiver.awaitCount(2);

        JsonObject view = Eventually.await(() -> platform.submission(submissionId),
                v -> v.getJsonArray("callbacks").size() == 2
                        && v.getJsonArray("callbacks").stream()
                                .allMatch(d -> "DELIVERED".equals(((JsonObject) d).getString("state"))));

        assertThat(view.getString("flow")).isEqualTo("CERT_REG");
        assertThat(view.getString("scenario")).isEqualTo("VALID");
        assertThat(view.getString("status")).isEqualTo("COMPLETED");
        assertThat(view.getInteger("confirmCount")).isEqualTo(1);
        JsonObject ktp = view.getJsonObject("documents").getJsonObject("KTP");
        assertThat(ktp.getBoolean("uploaded")).isTrue();
        assertThat(ktp.getLong("size")).isPositive();
        assertThat(ktp.getString("contentType")).isEqualTo("image/jpeg");
        assertThat(ktp.getString("sha256")).hasSize(64);
        JsonObject first = view.getJsonArray("callbacks").getJsonObject(0);
        assertThat(first.getString("channel")).isEqualTo("esign");
        assertThat(first.getString("status")).isEqualTo("PARTIALLY_COMPLETED");
        assertThat(first.getJsonArray("attempts").getJsonObject(0).getInteger("httpStatus")).isEqualTo(200);
    }
}
