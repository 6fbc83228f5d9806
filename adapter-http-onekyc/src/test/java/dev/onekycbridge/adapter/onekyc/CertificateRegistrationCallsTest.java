package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.body;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.error;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.parseJson;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig.ConsentTimestampUnit;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateRegistrationCallsTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    @Test
    void theEsignTokenIsRequestedWithTheCredentialsOnTheEsignTokenHost() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        RecordedRequest token = take(platform.esignTokens);
        assertThat(token.getMethod()).isEqualTo("GET");
        assertThat(token.getPath()).isEqualTo("/v1/esign/partner/authentication");
        assertThat(token.getHeader("client-id")).isEqualTo(TestData.CLIENT_ID);
        assertThat(token.getHeader("pass-key")).isEqualTo(TestData.PASS_KEY);
        assertThat(token.getBodySize()).isZero();
        assertThat(platform.coeTokens.getRequestCount()).isZero();
    }

    @Test
    void presignedUrlsAreRequestedWithTheFiveDocumentedHeadersAndTheSubmissionType() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/esign-partner/v1/submissions/urls");
        assertThat(request.getRequestUrl().queryParameterNames()).containsExactly("submissionType");
        assertThat(request.getRequestUrl().queryParameter("submissionType")).isEqualTo("CERT_REG");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("tok-1");
        assertThat(request.getHeader("x-esign-onboarding-partner")).isEqualTo(TestData.CERT_REG_PARTNER);
        assertThat(request.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(request.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(request.getHeader("x-partner-session-id"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isNotEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("x-onboarding-partner")).isNull();
        assertThat(request.getHeader("client-id")).isNull();
        assertThat(request.getHeader("pass-key")).isNull();
    }

    @Test
    void presignedUrlsBecomeOneUploadTargetPerDocumentWithItsExpiry() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));

        UploadUrls urls = client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        assertThat(urls.platformSubmissionId()).isEqualTo(TestData.SUBMISSION_ID);
        assertThat(urls.targets()).hasSize(2);
        var ktp = urls.targets().get(0);
        assertThat(ktp.kind()).isEqualTo(DocumentKind.KTP);
        assertThat(ktp.reference()).isEqualTo("93134121-bc15-4796-a911-9257913f0020_KTP");
        assertThat(ktp.url()).isEqualTo(
                URI.create("https://storage.example.com/CERT_REG/93134121_KTP?X-Amz-Signature=abc"));
        assertThat(ktp.expiresAt()).isEqualTo(platform.clock.instant().plusSeconds(432000));
        assertThat(urls.targets().get(1).kind()).isEqualTo(DocumentKind.SELFIE);
    }

    /**
     * An answer without the selfie's URL cannot start the submission: unreadable, like any answer without what it
     * must hold, rather than handed on for the submission to refuse as an IllegalArgumentException.
     */
    @Test
    void anAnswerWithoutTheSelfiesUrlIsUnreadable() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls().replace("\"SELFIE\":", "\"ADDITIONAL_SELFIE\":")));

        assertThatThrownBy(() -> client.requestUploadUrls(TestData.ref(FlowType.CERT_REG)))
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessage("esign.uploadUrls answered HTTP 200 without a readable SELFIE document");
    }

    @Test
    void anExpiryGivenAsANumberIsReadLikeOneGivenAsText() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls().replace("\"432000\"", "600")));

        UploadUrls urls = client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        assertThat(urls.targets()).allSatisfy(target ->
                assertThat(target.expiresAt()).isEqualTo(platform.clock.instant().plusSeconds(600)));
    }

    @Test
    void eachLogicalCallGetsItsOwnSessionId() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));
        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        String first = take(platform.gateway).getHeader("x-partner-session-id");
        String second = take(platform.gateway).getHeader("x-partner-session-id");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void confirmSendsTheSubmissionsOwnSessionIdAndTheDocumentedHeaders() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/esign-partner/v1/submissions/urls");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("tok-1");
        assertThat(request.getHeader("x-esign-onboarding-partner")).isEqualTo(TestData.CERT_REG_PARTNER);
        assertThat(request.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(request.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(request.getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    void confirmSendsTheDocumentedBodyWithTheNikAsANumber() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());

        Object expected = parseJson("""
                {
                  "submissionId": "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c",
                  "metadata": {
                    "userDetails": {
                      "name": "Siti Rahayu",
                      "nik": 3171010507900003,
                      "dateOfBirth": "05-07-1990",
                      "email": "siti.rahayu@example.co.id",
                      "phoneNumber": "6281234567890",
                      "dataVerification": {
                        "email": {"isVerified": true, "verificationReferenceId": "5fb51cca-6d64-49bb-a67a-f3ceaad1a913"},
                        "phoneNumber": {"isVerified": true, "verificationReferenceId": "0d7c4d6e-96c2-4d2e-8d8c-9a1b2c3d4e5f"}
                      }
                    },
                    "userLocale": "en_ID",
                    "consentData": [{
                      "entity": "Digi",
                      "consentType": "termsAndConditions",
                      "consentGiven": true,
                      "details": {
                        "en_ID": {"url": "https://www.digi.com/terms?version=v1.0.0", "text": "terms and conditions"},
                        "id_ID": {"url": "https://www.digi.com/terms?version=v1.0.0", "text": "syarat dan ketentuan"}
                      },
                      "timeStamp": 1725603017345,
                      "additionalDetails": {
                        "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
                        "userIp": "172.217.22.14",
                        "deviceDetails": {"os": "R", "make": "google", "model": "KB2001",
                          "uniqueId": "AF7KI0bly3aPIsYJ4+O+2QE", "networkProvider": "XL Axiata",
                          "appId": "gojek", "appVersion": "4.96.0"}
                      }
                    }],
                    "additionalData": {"channel": "mobile", "attempt": 2}
                  }
                }
                """);
        RecordedRequest request = take(platform.gateway);
        String raw = request.getBody().readUtf8();
        assertThat(parseJson(raw)).isEqualTo(expected);
        assertThat(raw).contains("\"nik\":3171010507900003").contains("\"timeStamp\":1725603017345");
    }

    @Test
    void consentTimestampsCanBeSentInSeconds() {
        OneKycClient seconds = platform.client(platform.config()
                .withConsentTimestampUnit(ConsentTimestampUnit.SECONDS));
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        seconds.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());

        String raw = take(platform.gateway).getBody().readUtf8();
        assertThat(raw).contains("\"timeStamp\":1725603017,").doesNotContain("1725603017345");
        seconds.close();
    }

    @Test
    void emptyAdditionalDataIsSentAsAnEmptyObject() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration(Map.of()));

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) body(take(platform.gateway)).get("metadata");
        assertThat(metadata).containsEntry("additionalData", Map.of());
    }

    /**
     * A 2xx that is not the platform's confirmation may mean the confirm never reached it: transient, so that the
     * driver asks the platform before confirming again, instead of waiting for a result that will never come.
     */
    @ParameterizedTest(name = "answer: [{0}]")
    @ValueSource(strings = {"<html>proxy login</html>", "", "{\"success\":false,\"errors\":[{\"code\":\"1542\"}]}",
            "{\"success\":true,\"data\":{\"submissionId\":\"0b7f2e4c-1111-4c3a-9d7e-5a6b7c8d9e0f\"}}"})
    void aConfirmAnsweredWithoutItsConfirmationIsNotTakenAsConfirmed(String answer) {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(new MockResponse().setResponseCode(200).setBody(answer));

        assertThatThrownBy(() -> client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration()))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e).hasMessageStartingWith("esign.confirm answered HTTP 200 without a readable"));
    }

    @Test
    void confirmWithoutAPlatformSubmissionIdIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> client.confirm(TestData.refWithoutSubmissionId(FlowType.CERT_REG),
                TestData.registration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no platform submission id");
        assertThat(platform.gateway.getRequestCount()).isZero();
    }

    @Test
    void submissionDetailsAreRequestedWithoutTheOnboardingPartnerHeader() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        client.fetchResult(TestData.ref(FlowType.CERT_REG));

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/esign-partner/v1/submissions");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("tok-1");
        assertThat(request.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(request.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(request.getHeader("x-partner-session-id")).isNotBlank().isNotEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("x-esign-onboarding-partner")).isNull();
        assertThat(request.getHeader("x-onboarding-partner")).isNull();
    }

    @Test
    void submissionDetailsBecomeTheReport() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        Optional<PlatformReport> report = client.fetchResult(TestData.ref(FlowType.CERT_REG));

        assertThat(report).hasValueSatisfying(value -> {
            assertThat(value.platformSubmissionId()).isEqualTo(TestData.SUBMISSION_ID);
            assertThat(value.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(value.outcome().result()).isEqualTo(Result.VALID);
            assertThat(value.outcome().certificateRegistration().registrationId())
                    .isEqualTo("6dab7f08-0dcb-4852-8459-59cb7c25f4dc");
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "1514, USER_NOT_FOUND_FOR_PARTNER_AND_PARTNER_USER_ID_AND_PARTNER_USER_ID_TYPE",
            "1518, USER_NOT_FOUND"})
    void aNotFoundAnswerMeansNoResultYet(String code, String cause) {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(TestPlatform.json(404, "{\"success\":false,\"data\":{},\"errors\":[{\"code\":\""
                + code + "\",\"cause\":\"" + cause + "\"}]}"));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isEmpty();
    }

    @Test
    void aNotFoundWithoutTheEnvelopeIsNotMistakenForNoResult() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(TestPlatform.json(404, "<html>no such route</html>"));

        assertThatThrownBy(() -> client.fetchResult(TestData.ref(FlowType.CERT_REG)))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void detailsOfAnotherSubmissionOfTheSameUserAreNotThisSubmissionsResult() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID
                .replace(TestData.SUBMISSION_ID, "d208917d-84a1-4edc-98b0-af2c2f4fcf5e")));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isEmpty();
    }

    @Test
    void anEmptyDataObjectMeansNoResultYet() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{}"));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isEmpty();
    }

    @Test
    void theTokenIsReusedAcrossCallsAndFlows() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));
        platform.gateway.enqueue(ok(DecoderExamples.SIV_COMPLETED));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));
        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());
        client.fetchResult(TestData.ref(FlowType.SIV));

        assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("tok-1");
        }
    }

    @Test
    void aMissingOnboardingPartnerIsAConfigurationErrorRaisedBeforeAnyCall() {
        OneKycClientConfig bare = OneKycClientConfig.of(platform.esignTokens.url("/").toString(),
                        platform.coeTokens.url("/").toString(), platform.gateway.url("/").toString())
                .withCredentials(TestData.CLIENT_ID, TestData.PASS_KEY)
                .withReadTimeout(Duration.ofSeconds(5));
        try (OneKycClient unconfigured = OneKycClient.create(bare)) {
            assertThatThrownBy(() -> unconfigured.requestUploadUrls(TestData.ref(FlowType.CERT_REG)))
                    .isInstanceOf(dev.onekycbridge.core.port.in.FlowNotConfiguredException.class)
                    .hasMessage("CERT_REG is not configured in this deployment: certRegOnboardingPartner is not set");
        }
        assertThat(platform.esignTokens.getRequestCount()).isZero();
    }
}
