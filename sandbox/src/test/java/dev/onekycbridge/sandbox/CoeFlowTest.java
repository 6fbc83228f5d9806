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
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CoeFlowTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private CallbackReceiver receiver;
    private Platform platform;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        SANDBOX.control().updateConfig(c -> c.withCallback(CallbackChannel.COE,
                CallbackTarget.post(receiver.url("/coe/submissions-callback"))));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void aKtpScanGetsOnePresignedUrlForTheKtp() {
        Reply reply = platform.coeUrls(platform.coeUserToken("user-1"), Platform.session());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().getString("status")).isEqualTo("INITIATED");
        assertThat(reply.data().getJsonObject("documents").fieldNames()).containsExactly("KTP");
        JsonObject ktp = reply.data().getJsonObject("documents").getJsonObject("KTP");
        assertThat(ktp.getString("documentUrl")).startsWith(SANDBOX.baseUrl() + "/_objects/");
        assertThat(ktp.getString("documentReference")).endsWith("_KTP");
        assertThat(ktp.getString("expiryInSeconds")).as("as the COE reference publishes it").isEqualTo("600");
    }

    @Test
    void aValidKtpScanCompletesWithoutPartialStepAndCallsBackOnce() {
        String userId = Platform.user(null);
        String submissionId = platform.startKtpScan(userId);

        List<Received> callbacks = receiver.awaitCount(1);
        Eventually.pause(100);

        assertThat(receiver.received()).hasSize(1);
        Received callback = callbacks.get(0);
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.path()).isEqualTo("/coe/submissions-callback");
        JsonObject body = callback.json();
        assertThat(body.getString("submissionId")).isEqualTo(submissionId);
        assertThat(body.getString("status")).isEqualTo("COMPLETED");
        assertThat(body.getString("result")).isEqualTo("VALID");
        assertThat(body.getString("reasonCode")).isEmpty();
        assertThat(body.getString("flow")).isEqualTo("KTP_SCAN");
        assertThat(body.getString("processedAt")).isNotBlank();
    }

    /** COE treats any answer but 200 as an error ("any non-200 is treated as an error by IAB BE"). */
    @Test
    void aCallbackAnswered204IsNotDeliveredAndIsSentAgain() {
        receiver.answerNext(204);

        platform.startKtpScan(Platform.user(null));

        List<Received> received = receiver.awaitCount(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
    }

    @Test
    void theStatusEndpointFollowsTheScanToCompletion() {
        SANDBOX.control().updateConfig(c -> c.withProcessingDelayMillis(300));
        String token = platform.coeUserToken("user-status");
        String session = Platform.session();
        Reply urls = platform.coeUrls(token, session);
        String submissionId = urls.data().getString("submissionId");

        JsonObject pending = platform.coeStatus(token, submissionId).data();
        platform.uploadAll(urls.data());
        platform.coeConfirm(token, session, submissionId);
        JsonObject inProgress = platform.coeStatus(token, submissionId).data();
        JsonObject done = Eventually.await(() -> platform.coeStatus(token, submissionId).data(),
                d -> "COMPLETED".equals(d.getString("status")));

        assertThat(pending.getString("status")).isEqualTo("INITIATED");
        assertThat(pending.getJsonObject("documents").getJsonObject("KTP").getString("status")).isEqualTo("PENDING");
        assertThat(inProgress.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(inProgress.getJsonObject("documents").getJsonObject("KTP").getString("status"))
                .isEqualTo("UPLOADED");
        assertThat(done.getString("submissionType")).isEqualTo("KTP_SCAN");
        assertThat(done.getString("completedAt")).isNotBlank();
        assertThat(done.getJsonObject("verificationResult").getBoolean("isApproved")).isTrue();
        assertThat(done.getJsonObject("documents").getJsonObject("KTP").getString("status")).isEqualTo("VERIFIED");
    }

    @Test
    void detailsAreFoundBySubmissionIdWithKtpDataAndVerification() {
        String userId = Platform.user(null);
        String submissionId = platform.startKtpScan(userId);
        receiver.awaitCount(1);

        Reply reply = platform.coeDetails(platform.coePartnerToken(), userId, "x-submission-id", submissionId);

        assertThat(reply.status()).isEqualTo(200);
        JsonObject data = reply.data();
        assertThat(data.getString("status")).isEqualTo("COMPLETED");
        assertThat(data.getString("flow")).isEqualTo("KTP_SCAN");
        assertThat(data.getString("reasonCode")).isEmpty();
        JsonObject details = data.getJsonObject("submissionDetails");
        assertThat(details.getJsonObject("ktpData").getString("nik")).matches("\\d{16}");
        assertThat(details.getJsonObject("verificationResult").fieldNames())
                .containsExactlyInAnyOrder("nik", "name", "dateOfBirth");
    }

    @Test
    void detailsAreFoundByPartnerSessionId() {
        SANDBOX.control().updateConfig(c -> c.withProcessingDelayMillis(60_000));
        String token = platform.coeUserToken("user-session");
        Reply urls = platform.coeUrls(token, "coe-session-1");
        String submissionId = urls.data().getString("submissionId");
        platform.uploadAll(urls.data());
        assertThat(platform.coeConfirm(token, "coe-session-1", submissionId).status()).isEqualTo(200);

        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-session", "x-partner-session-id",
                "coe-session-1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().getString("submissionId")).isEqualTo(submissionId);
        assertThat(reply.data().getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(reply.data().getValue("result")).isNull();
    }

    /** The details' status is one of COMPLETED, ERROR, IN_PROGRESS (§6.5): a scan not confirmed yet has none. */
    @Test
    void detailsOfAScanNotSubmittedYetAnswer1552ByIdAndBySession() {
        String token = platform.coeUserToken("user-early");
        String session = Platform.session();
        Reply urls = platform.coeUrls(token, session);
        String submissionId = urls.data().getString("submissionId");
        platform.uploadAll(urls.data());
        String partnerToken = platform.coePartnerToken();

        Reply byId = platform.coeDetails(partnerToken, "user-early", "x-submission-id", submissionId);
        Reply bySession = platform.coeDetails(partnerToken, "user-early", "x-partner-session-id", session);
        Reply status = platform.coeStatus(token, submissionId);

        for (Reply reply : List.of(byId, bySession)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.firstError().getValue("code")).isEqualTo(1552);
            assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_DOES_NOT_EXIST");
        }
        assertThat(status.data().getString("status")).as("the status endpoint's enum has it").isEqualTo("INITIATED");
    }

    @Test
    void aRejectedScanIsReportedAsCompletedInvalid() {
        platform.startKtpScan(Platform.user("DUKCAPIL_REJECTED_NIK"));

        JsonObject body = receiver.awaitCount(1).get(0).json();

        assertThat(body.getString("status")).isEqualTo("COMPLETED");
        assertThat(body.getString("result")).isEqualTo("INVALID");
        assertThat(body.getString("reasonCode")).isEqualTo("DUKCAPIL_REJECTED");
    }

    @Test
    void aFailedScanIsReportedAsErrorWithoutResult() {
        String userId = Platform.user("SYSTEM_ERROR");
        String submissionId = platform.startKtpScan(userId);

        JsonObject body = receiver.awaitCount(1).get(0).json();
        JsonObject details = platform.coeDetails(platform.coePartnerToken(), userId, "x-submission-id", submissionId)
                .data();

        assertThat(body.getString("status")).isEqualTo("ERROR");
        assertThat(body.getValue("result")).isNull();
        assertThat(body.getString("reasonCode")).isEqualTo("SYSTEM_ERROR");
        assertThat(details.getValue("submissionDetails")).isNull();
    }

    // --- errors

    @Test
    void missingSessionHeadersAreListedWithIntegerCodes() {
        Reply reply = platform.http().get("/coe/v1/submissions/urls?submissionType=KTP_SCAN",
                "x-onekyc-token", platform.coeUserToken("user-1"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getValue("code") + " "
                + ((JsonObject) e).getString("cause")).containsExactly("1539 X_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY",
                        "1539 X_SDK_SESSION_ID_CAN_NOT_BE_EMPTY");
    }

    @Test
    void anUnknownSubmissionTypeIsRefusedWith1542() {
        Reply reply = platform.http().get("/coe/v1/submissions/urls?submissionType=SELFIE_SCAN",
                Platform.coeUserHeaders(platform.coeUserToken("user-1"), Platform.session()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1542);
        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_SUBMISSION_TYPE");
    }

    @Test
    void aUserWhoseAttemptsAreExhaustedGetsNoPresignedUrl() {
        Reply reply = platform.coeUrls(platform.coeUserToken("user-7__submission_quota_exceeded"), Platform.session());

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.firstError().getValue("code")).isEqualTo(429);
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_QUOTA_EXCEEDED");
        assertThat(platform.coeUrls(platform.coeUserToken("user-7"), Platform.session()).status()).isEqualTo(200);
    }

    @Test
    void aPartnerTokenCannotStandInForAUserToken() {
        Reply reply = platform.coeUrls(platform.coePartnerToken(), Platform.session());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.firstError().getValue("code")).isEqualTo(110);
    }

    @Test
    void confirmingAnUnknownSubmissionAnswers404() {
        Reply reply = platform.coeConfirm(platform.coeUserToken("user-1"), Platform.session(),
                "00000000-0000-0000-0000-000000000000");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.firstError().getValue("code")).isEqualTo(404);
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_DOES_NOT_EXIST");
    }

    @Test
    void confirmingAnotherUsersSubmissionIsForbidden() {
        String submissionId = platform.coeUrls(platform.coeUserToken("owner"), Platform.session()).data()
                .getString("submissionId");

        Reply reply = platform.coeConfirm(platform.coeUserToken("intruder"), Platform.session(), submissionId);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError().getString("cause")).isEqualTo("FORBIDDEN");
    }

    @Test
    void confirmingWithoutSubmissionIdIsAnInvalidRequest() {
        Reply reply = platform.http().putJson("/coe/v1/submissions/urls", new JsonObject(),
                Platform.coeUserHeaders(platform.coeUserToken("user-1"), Platform.session()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1542);
        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_CONFIRM_UPLOAD_REQUEST");
    }

    @Test
    void confirmingBeforeTheUploadAnswers422() {
        String token = platform.coeUserToken("user-early");
        String session = Platform.session();
        String submissionId = platform.coeUrls(token, session).data().getString("submissionId");

        Reply reply = platform.coeConfirm(token, session, submissionId);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.firstError().getValue("code")).isEqualTo(422);
        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_UPLOAD_ARTIFACT");
    }

    /**
     * The COE confirm page publishes 409 {@code SUBMISSION_STATE_CONFLICT} for a duplicate confirm (onekyc-api.md
     * §6.4): the same call sent again conflicts as another one does, and neither counts as a confirm.
     */
    @Test
    void aSecondConfirmConflictsEvenWhenItRepeatsTheFirstWithItsSession() {
        String token = platform.coeUserToken("user-twice");
        String session = Platform.session();
        Reply urls = platform.coeUrls(token, session);
        String submissionId = urls.data().getString("submissionId");
        platform.uploadAll(urls.data());
        Reply first = platform.coeConfirm(token, session, submissionId);

        Reply retry = platform.coeConfirm(token, session, submissionId);
        Reply conflict = platform.coeConfirm(token, Platform.session(), submissionId);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().getJsonObject("uiMessages")).isNotNull();
        for (Reply duplicate : List.of(retry, conflict)) {
            assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
            assertThat(duplicate.json().getBoolean("success")).isFalse();
            assertThat(duplicate.firstError().getValue("code")).isEqualTo(409);
            assertThat(duplicate.firstError().getString("cause")).isEqualTo("SUBMISSION_STATE_CONFLICT");
        }
        JsonObject view = platform.submission(submissionId);
        assertThat(view.getInteger("confirmCount")).isEqualTo(1);
        assertThat(view.getString("confirmSessionId")).isEqualTo(session);
    }

    @Test
    void aStatusRequestWithAMalformedIdAnswers1541() {
        Reply reply = platform.coeStatus(platform.coeUserToken("user-1"), "not-a-uuid");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1541);
    }

    @Test
    void aStatusRequestForAnUnknownIdAnswers404With1543() {
        Reply reply = platform.coeStatus(platform.coeUserToken("user-1"), "00000000-0000-0000-0000-000000000000");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1543);
    }

    @Test
    void detailsWithoutSubmissionOrSessionIdAnswer1550() {
        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1550);
        assertThat(reply.firstError().getString("cause"))
                .isEqualTo("SUBMISSION_ID_OR_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY");
    }

    @Test
    void detailsWithoutThePartnerUserIdAnswer1550PartnerUserIdCanNotBeEmpty() {
        String submissionId = platform.startKtpScan("user-1");

        Reply reply = platform.http().get("/coe/v1/submissions", "x-onekyc-token", platform.coePartnerToken(),
                "x-submission-id", submissionId, "x-partner-user-id-type", Platform.USER_ID_TYPE);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).hasSize(1);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1550);
        assertThat(reply.firstError().getString("cause")).isEqualTo("PARTNER_USER_ID_CAN_NOT_BE_EMPTY");
    }

    @Test
    void detailsWithoutAnyHeaderButTheTokenListEveryMissingOneWith1550() {
        Reply reply = platform.http().get("/coe/v1/submissions", "x-onekyc-token", platform.coePartnerToken());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause")).containsExactly(
                "PARTNER_USER_ID_CAN_NOT_BE_EMPTY", "SUBMISSION_ID_OR_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY");
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getValue("code")).containsOnly(1550);
    }

    @Test
    void detailsOfAnotherUsersSubmissionAnswer1552() {
        String submissionId = platform.startKtpScan("user-1");

        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-2", "x-submission-id", submissionId);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1552);
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_DOES_NOT_EXIST");
    }

    @Test
    void detailsOfTheSameUserIdUnderAnotherIdTypeAnswer1552() {
        String submissionId = platform.startKtpScan("user-1");

        Reply reply = platform.http().get("/coe/v1/submissions", "x-onekyc-token", platform.coePartnerToken(),
                "x-submission-id", submissionId, "x-partner-user-id", "user-1", "x-partner-user-id-type", "OTHER");

        assertThat(reply.firstError().getValue("code")).isEqualTo(1552);
    }

    @Test
    void detailsWithoutAUserIdTypeAreFoundByTheUserIdAlone() {
        String submissionId = platform.startKtpScan("user-1");

        Reply reply = platform.http().get("/coe/v1/submissions", "x-onekyc-token", platform.coePartnerToken(),
                "x-submission-id", submissionId, "x-partner-user-id", "user-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.data().getString("submissionId")).isEqualTo(submissionId);
    }

    @Test
    void detailsByASessionIdOfAnotherUserAnswer1553() {
        platform.coeUrls(platform.coeUserToken("user-1"), "session-of-user-1");

        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-2", "x-partner-session-id",
                "session-of-user-1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1553);
        assertThat(reply.firstError().getString("cause")).isEqualTo("PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER");
    }

    @Test
    void detailsByAnUnknownSessionIdAnswer1552() {
        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-1", "x-partner-session-id", "nobody's");

        assertThat(reply.firstError().getValue("code")).isEqualTo(1552);
    }

    @Test
    void detailsOfAnUnknownSubmissionAnswer1552() {
        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-1", "x-submission-id", "unknown");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo(1552);
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_DOES_NOT_EXIST");
    }

    @Test
    void detailsWithASessionIdOfAnotherSubmissionAnswer1553() {
        String submissionId = platform.coeUrls(platform.coeUserToken("user-1"), "session-a").data()
                .getString("submissionId");

        Reply reply = platform.coeDetails(platform.coePartnerToken(), "user-1", "x-submission-id", submissionId,
                "x-partner-session-id", "session-b");

        assertThat(reply.firstError().getValue("code")).isEqualTo(1553);
    }

    @Test
    void detailsRequireAPartnerToken() {
        Reply reply = platform.coeDetails(platform.coeUserToken("user-1"), "user-1", "x-submission-id", "x");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.firstError().getValue("code")).isEqualTo(110);
        assertThat(reply.json().getValue("data")).isNull();
    }

    @Test
    void detailsAnswer401WithTheDetailsPagesCode1539WhenConfigured() {
        platform.configure(new JsonObject().put("coeDetailsUnauthorizedCode", 1539));

        Reply details = platform.coeDetails("not-a-token", "user-1", "x-submission-id", "x");
        Reply status = platform.coeStatus("not-a-token", "00000000-0000-0000-0000-000000000000");

        assertThat(details.status()).isEqualTo(401);
        assertThat(details.firstError().getValue("code")).isEqualTo(1539);
        assertThat(details.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
        assertThat(details.json().getValue("data")).isNull();
        assertThat(status.firstError().getValue("code")).as("only the details page publishes 1539").isEqualTo(110);
    }

    @Test
    void coeDetailsUnauthorizedCodeAcceptsOnlyThePublishedCodes() {
        Reply refused = platform.http().putJson("/_sandbox/config",
                new JsonObject().put("coeDetailsUnauthorizedCode", 401));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("error")).contains("coeDetailsUnauthorizedCode");
        assertThat(SANDBOX.control().config().coeDetailsUnauthorizedCode()).isEqualTo(110);
    }

    @Test
    void detailsOfAnotherClientsSubmissionAreForbiddenWith903() {
        String submissionId = platform.coeUrls(platform.coeUserToken("user-1"), Platform.session()).data()
                .getString("submissionId");
        SANDBOX.control().updateConfig(c -> c.withCredentials(Stream.concat(
                c.credentials().stream(), Stream.of(new ClientCredential("other", "other-key",
                        Set.of("OTHER-SDK-KTP_SCAN")))).toList()));
        String otherToken = platform.http().get("/v1/coe/partner/authentication", "client-id", "other",
                "pass-key", "other-key").data().getString("token");

        Reply reply = platform.coeDetails(otherToken, "user-1", "x-submission-id", submissionId);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError().getValue("code")).isEqualTo(903);
    }
}
