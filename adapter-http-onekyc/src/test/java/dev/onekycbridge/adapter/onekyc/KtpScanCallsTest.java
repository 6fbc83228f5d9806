package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.body;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.json;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.ClientMetrics.TokenKind;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KtpScanCallsTest {
    private static final String COE_URLS = """
            {"submissionId":"8527781b-8fdd-48e3-adfe-4136aee5e985","status":"INITIATED","documents":{
              "KTP":{"documentUrl":"https://storage.example.com/KTP_SCAN/abc_KTP?X-Amz-Signature=xyz",
                     "documentReference":"abc_KTP","expiryInSeconds":"600"}},
             "uiMessages":{"message_1":{"title":"Upload","message":"Upload your KTP"}}}
            """;
    private static final String COE_ID = "8527781b-8fdd-48e3-adfe-4136aee5e985";

    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    private static SubmissionRef ref() {
        return new SubmissionRef(FlowType.KTP_SCAN, TestData.partnerUser(), COE_ID, TestData.SESSION_ID);
    }

    @Test
    void theUserTokenIsRequestedOnTheCoeTokenHostWithTheDocumentedHeaders() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok(COE_URLS));

        client.requestUploadUrls(ref());

        RecordedRequest token = take(platform.coeTokens);
        assertThat(token.getMethod()).isEqualTo("GET");
        assertThat(token.getPath()).isEqualTo("/v2/coe/authentication");
        assertThat(token.getHeader("client-id")).isEqualTo(TestData.CLIENT_ID);
        assertThat(token.getHeader("pass-key")).isEqualTo(TestData.PASS_KEY);
        assertThat(token.getHeader("x-onboarding-partner")).isEqualTo(TestData.KTP_SCAN_PARTNER);
        assertThat(token.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(token.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(platform.esignTokens.getRequestCount()).isZero();
    }

    @Test
    void thePresignedUrlIsRequestedWithTheUserTokenTheSdkSessionAndAFreshSessionId() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok(COE_URLS));

        client.requestUploadUrls(ref());

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/coe/v1/submissions/urls");
        assertThat(request.getRequestUrl().queryParameter("submissionType")).isEqualTo("KTP_SCAN");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("user-tok");
        assertThat(request.getHeader("x-sdk-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("x-partner-session-id")).isNotBlank().isNotEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("x-esign-onboarding-partner")).isNull();
        assertThat(request.getHeader("client-id")).isNull();
    }

    @Test
    void theKtpUploadTargetIsReadFromTheAnswer() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok(COE_URLS));

        UploadUrls urls = client.requestUploadUrls(ref());

        assertThat(urls.platformSubmissionId()).isEqualTo(COE_ID);
        assertThat(urls.targets()).singleElement().satisfies(target -> {
            assertThat(target.kind()).isEqualTo(DocumentKind.KTP);
            assertThat(target.reference()).isEqualTo("abc_KTP");
            assertThat(target.expiresAt()).isEqualTo(platform.clock.instant().plusSeconds(600));
        });
    }

    @ParameterizedTest(name = "document type {0}")
    @CsvSource({"KTP_FRONT", "KTP_SCAN", "DOCUMENT"})
    void aKtpScansOnlyDocumentIsItsKtpWhateverThePlatformCallsIt(String type) {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok(COE_URLS.replace("\"KTP\":{", "\"" + type + "\":{")));

        UploadUrls urls = client.requestUploadUrls(ref());

        assertThat(urls.targets()).singleElement().satisfies(target ->
                assertThat(target.kind()).isEqualTo(DocumentKind.KTP));
    }

    @Test
    void exhaustedSubmissionAttemptsAreARefusalWithThePlatformsCodeAndCause() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(json(429,
                "{\"success\":false,\"errors\":[{\"code\":429,\"cause\":\"SUBMISSION_QUOTA_EXCEEDED\"}]}"));
        platform.gateway.enqueue(ok(COE_URLS));

        assertThatThrownBy(() -> client.requestUploadUrls(ref()))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.toFailure().code()).isEqualTo("429");
                    assertThat(e.toFailure().cause()).isEqualTo("SUBMISSION_QUOTA_EXCEEDED");
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsOnThePresignedUrlsIsTransient() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(json(429,
                "{\"success\":false,\"errors\":[{\"code\":429,\"cause\":\"TOO_MANY_REQUESTS\"}]}"));
        platform.gateway.enqueue(ok(COE_URLS));

        assertThat(client.requestUploadUrls(ref()).platformSubmissionId()).isEqualTo(COE_ID);
        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    @Test
    void confirmSendsTheSubmissionIdWithTheSubmissionsSessionAsBothSessionIds() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"uiMessages\":{}}"));

        client.confirm(ref(), new KtpScanInput());

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/coe/v1/submissions/urls");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("user-tok");
        assertThat(request.getHeader("x-sdk-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(body(request)).isEqualTo(Map.of("submissionId", COE_ID, "metadata", Map.of()));
    }

    @Test
    void oneUserTokenServesEveryCallOfTheSameUser() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok(COE_URLS));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\"}"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"IN_PROGRESS\"}"));

        client.requestUploadUrls(ref());
        client.confirm(ref(), new KtpScanInput());
        client.fetchResult(ref());

        assertThat(platform.coeTokens.getRequestCount()).isEqualTo(1);
        assertThat(platform.metrics.tokenFetches(TokenKind.COE_USER)).isEqualTo(1);
    }

    @Test
    void eachPartnerUserHasItsOwnUserToken() {
        platform.coeTokens.enqueue(platform.token("tok-a"));
        platform.coeTokens.enqueue(platform.token("tok-b"));
        platform.gateway.enqueue(ok(COE_URLS));
        platform.gateway.enqueue(ok(COE_URLS));
        SubmissionRef other = new SubmissionRef(FlowType.KTP_SCAN, new PartnerUser("user-999", "CLIENT_X_USER_ID"),
                null, "other-session");

        client.requestUploadUrls(ref());
        client.requestUploadUrls(other);

        take(platform.coeTokens);
        assertThat(take(platform.coeTokens).getHeader("x-partner-user-id")).isEqualTo("user-999");
        assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("tok-a");
        assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("tok-b");
    }

    @Test
    void aSubmissionStillInProgressIsReportedFromItsStatusAlone() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"IN_PROGRESS\","
                + "\"submissionType\":\"KTP_SCAN\",\"createdAt\":\"2026-04-29T08:00:00Z\",\"completedAt\":null}"));

        Optional<PlatformReport> report = client.fetchResult(ref());

        RecordedRequest status = take(platform.gateway);
        assertThat(status.getMethod()).isEqualTo("GET");
        assertThat(status.getPath()).isEqualTo("/coe/v1/submissions/" + COE_ID + "/status");
        assertThat(status.getHeader("x-onekyc-token")).isEqualTo("user-tok");
        assertThat(status.getHeader("x-sdk-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(status.getHeader("x-partner-session-id")).isNotBlank().isNotEqualTo(TestData.SESSION_ID);
        assertThat(report).hasValueSatisfying(value -> {
            assertThat(value.platformSubmissionId()).isEqualTo(COE_ID);
            assertThat(value.flow()).isEqualTo("KTP_SCAN");
            assertThat(value.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS);
        });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
        assertThat(platform.coeTokens.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aCompletedSubmissionsResultComesFromTheDetailsWithThePartnerToken() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.coeTokens.enqueue(platform.token("partner-tok"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"COMPLETED\"}"));
        platform.gateway.enqueue(ok(DecoderExamples.COE_DETAILS_REJECTED));

        Optional<PlatformReport> report = client.fetchResult(ref());

        take(platform.coeTokens);
        RecordedRequest partnerToken = take(platform.coeTokens);
        assertThat(partnerToken.getPath()).isEqualTo("/v1/coe/partner/authentication");
        assertThat(partnerToken.getHeader("client-id")).isEqualTo(TestData.CLIENT_ID);
        assertThat(partnerToken.getHeader("pass-key")).isEqualTo(TestData.PASS_KEY);
        assertThat(partnerToken.getHeader("x-onboarding-partner")).isNull();

        take(platform.gateway);
        RecordedRequest details = take(platform.gateway);
        assertThat(details.getMethod()).isEqualTo("GET");
        assertThat(details.getPath()).isEqualTo("/coe/v1/submissions");
        assertThat(details.getHeader("x-onekyc-token")).isEqualTo("partner-tok");
        assertThat(details.getHeader("x-submission-id")).isEqualTo(COE_ID);
        assertThat(details.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(details.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(details.getHeader("x-partner-session-id")).isNull();
        assertThat(details.getHeader("x-sdk-session-id")).isNull();

        assertThat(report).hasValueSatisfying(value -> {
            assertThat(value.outcome().result()).isEqualTo(Result.INVALID);
            assertThat(value.outcome().reasonCode().raw()).isEqualTo("REFERENCE_IMAGE_VALIDATION_FAILED");
        });
        assertThat(platform.metrics.tokenFetches(TokenKind.COE_PARTNER)).isEqualTo(1);
    }

    @Test
    void anUnknownSubmissionStatusMeansNoResultYet() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(json(404, "{\"success\":false,\"errors\":[{\"code\":1543,\"cause\":\"SUBMISSION_DOES_NOT_EXIST\"}]}"));

        assertThat(client.fetchResult(ref())).isEmpty();
    }

    @ParameterizedTest(name = "{0} with details {1}")
    @CsvSource(delimiter = '|', value = {
            "COMPLETED           | 400 1552",
            "COMPLETED           | empty data",
            "PARTIALLY_COMPLETED | 400 1552",
            "PARTIALLY_COMPLETED | empty data",
            "ERROR               | 400 1552",
            "ERROR               | empty data"})
    void aFinishedStatusWhoseDetailsAreMissingIsStillInProgress(String status, String details) {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.coeTokens.enqueue(platform.token("partner-tok"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"" + status
                + "\",\"submissionType\":\"KTP_SCAN\"}"));
        platform.gateway.enqueue(details.equals("empty data") ? ok("{}")
                : json(400, "{\"success\":false,\"errors\":[{\"code\":1552,\"cause\":\"SUBMISSION_DOES_NOT_EXIST\"}]}"));

        Optional<PlatformReport> report = client.fetchResult(ref());

        assertThat(report).hasValueSatisfying(value -> {
            assertThat(value.platformSubmissionId()).isEqualTo(COE_ID);
            assertThat(value.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS);
            assertThat(value.outcome().result()).isNull();
        });
    }

    @Test
    void theVerdictIsReportedOnceTheMissingDetailsArrive() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.coeTokens.enqueue(platform.token("partner-tok"));
        String completed = "{\"submissionId\":\"" + COE_ID + "\",\"status\":\"COMPLETED\"}";
        platform.gateway.enqueue(ok(completed));
        platform.gateway.enqueue(ok("{}"));
        platform.gateway.enqueue(ok(completed));
        platform.gateway.enqueue(ok(DecoderExamples.COE_DETAILS_REJECTED));

        assertThat(client.fetchResult(ref())).hasValueSatisfying(value ->
                assertThat(value.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS));
        assertThat(client.fetchResult(ref())).hasValueSatisfying(value -> {
            assertThat(value.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(value.outcome().result()).isEqualTo(Result.INVALID);
        });
    }

    @Test
    void anErrorsReasonCodeIsReportedOnceTheMissingDetailsArrive() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.coeTokens.enqueue(platform.token("partner-tok"));
        String error = "{\"submissionId\":\"" + COE_ID + "\",\"status\":\"ERROR\",\"errorMessage\":\"x\"}";
        platform.gateway.enqueue(ok(error));
        platform.gateway.enqueue(json(400, "{\"success\":false,\"errors\":[{\"code\":1552,\"cause\":\"SUBMISSION_DOES_NOT_EXIST\"}]}"));
        platform.gateway.enqueue(ok(error));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"ERROR\","
                + "\"reasonCode\":\"DUKCAPIL_IRRETRIEVABLE_ERROR\"}"));

        // ERROR is final: reported without its reason now, it would never get one.
        assertThat(client.fetchResult(ref())).hasValueSatisfying(value ->
                assertThat(value.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS));
        assertThat(client.fetchResult(ref())).hasValueSatisfying(value -> {
            assertThat(value.outcome().status()).isEqualTo(PlatformStatus.ERROR);
            assertThat(value.outcome().reasonCode().raw()).isEqualTo("DUKCAPIL_IRRETRIEVABLE_ERROR");
        });
    }

    @Test
    void aSessionThatDoesNotBelongToTheUserIsARejectionNotAnEmptyResult() {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.coeTokens.enqueue(platform.token("partner-tok"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + COE_ID + "\",\"status\":\"COMPLETED\"}"));
        platform.gateway.enqueue(json(400,
                "{\"success\":false,\"errors\":[{\"code\":1553,\"cause\":\"PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER\"}]}"));

        assertThatThrownBy(() -> client.fetchResult(ref()))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                        assertThat(e.hasCause("PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER")).isTrue());
    }

    @Test
    void withoutASubmissionIdThereIsNothingToAskAbout() {
        assertThat(client.fetchResult(TestData.refWithoutSubmissionId(FlowType.KTP_SCAN))).isEmpty();
        assertThat(platform.gateway.getRequestCount()).isZero();
    }
}
