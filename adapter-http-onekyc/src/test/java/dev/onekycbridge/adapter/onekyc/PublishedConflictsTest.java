package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.body;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.json;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig.ConsentTimestampUnit;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.KnownReasonCode;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each conflict between the platform's pages (onekyc-api.md §10), in every published form. */
class PublishedConflictsTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    // §10.1 and §10.2: hosts

    @ParameterizedTest(name = "token host {0}")
    @ValueSource(strings = {"https://onekyc-token.sandbox.gopayapi.com", "https://onekyc-token.staging.gopayapi.com",
            "https://onekyc-token-sandbox.gopayapi.com"})
    void conflict1_everyPublishedNonProductionTokenHostCanBeConfigured(String host) {
        OneKycClientConfig config = OneKycClientConfig.staging().withEsignTokenBaseUrl(host).withCoeTokenBaseUrl(host);

        assertThat(config.esignTokenBaseUrl()).isEqualTo(host + "/");
        assertThat(config.coeTokenBaseUrl()).isEqualTo(host + "/");
    }

    @ParameterizedTest(name = "gateway {0}")
    @ValueSource(strings = {"https://onekyc.ky.id.sandbox.gopayapi.com", "https://onekyc.ky.id.staging.gopayapi.com"})
    void conflict2_everyPublishedNonProductionGatewayCanBeConfigured(String host) {
        assertThat(OneKycClientConfig.staging().withGatewayBaseUrl(host).gatewayBaseUrl()).isEqualTo(host + "/");
    }

    // §10.3: token missing-header code

    @ParameterizedTest(name = "code {0} {1}")
    @CsvSource({"1650, MISSING_CLIENT_ID", "1650, MISSING_PASS_KEY", "1539, CLIENT_ID_CAN_NOT_BE_EMPTY",
            "1539, PASS_KEY_CAN_NOT_BE_EMPTY"})
    void conflict3_aMissingCredentialIsARefusalOfTheCredentialsWhicheverCodeTheTokenHostUses(String code,
                                                                                          String cause) {
        platform.esignTokens.enqueue(json(400, "{\"success\":false,\"data\":null,\"errors\":[{\"code\":\"" + code
                + "\",\"cause\":\"" + cause + "\",\"entity\":\"ONEKYC_TOKEN_SERVICE\"}]}"));

        assertThatThrownBy(() -> client.fetchResult(TestData.ref(FlowType.CERT_REG)))
                .isInstanceOf(PlatformAuthenticationException.class)
                .hasMessage("esign.token refused the credentials with HTTP 400 [" + code + " " + cause + "]")
                .cause().isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errors()).containsExactly(new PlatformError(code, cause, "ONEKYC_TOKEN_SERVICE"));
                });
        assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
    }

    // §10.4: token lifetime

    @ParameterizedTest(name = "expiry_seconds {0}")
    @ValueSource(ints = {1800, 3600})
    void conflict4_theTokenLifetimeIsWhateverTheAnswerSays(int lifetime) {
        platform.esignTokens.enqueue(ok("{\"token\":\"t1\",\"expiry_seconds\":\"" + lifetime + "\"}"));
        platform.esignTokens.enqueue(ok("{\"token\":\"t2\",\"expiry_seconds\":\"" + lifetime + "\"}"));
        for (int i = 0; i < 3; i++) {
            platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));
        }

        client.fetchResult(TestData.ref(FlowType.CERT_REG));
        platform.clock.advance(Duration.ofSeconds(lifetime - 301));
        client.fetchResult(TestData.ref(FlowType.CERT_REG));
        assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
        platform.clock.advance(Duration.ofSeconds(1));
        client.fetchResult(TestData.ref(FlowType.CERT_REG));
        assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
    }

    // §10.5: onboarding-partner header name

    @Test
    void conflict5_initiateFlowCarriesTheOnboardingPartnerUnderBothPublishedNames() {
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.sdkVerification());

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getHeader("x-esign-onboarding-partner")).isEqualTo(TestData.SIV_PARTNER);
        assertThat(request.getHeader("x-onboarding-partner")).isEqualTo(TestData.SIV_PARTNER);
    }

    @Test
    void conflict5_esignAndCoeCallsUseTheirOwnHeaderName() {
        platform.esignTokens.enqueue(platform.token("t"));
        platform.coeTokens.enqueue(platform.token("u"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));
        platform.gateway.enqueue(ok("{\"submissionId\":\"x\",\"documents\":{\"KTP\":{\"documentUrl\":\"https://s/k\"}}}"));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));
        client.requestUploadUrls(TestData.ref(FlowType.KTP_SCAN));

        RecordedRequest esign = take(platform.gateway);
        assertThat(esign.getHeader("x-esign-onboarding-partner")).isEqualTo(TestData.CERT_REG_PARTNER);
        assertThat(esign.getHeader("x-onboarding-partner")).isNull();
        RecordedRequest coe = take(platform.gateway);
        assertThat(coe.getHeader("x-esign-onboarding-partner")).isNull();
        assertThat(take(platform.coeTokens).getHeader("x-onboarding-partner")).isEqualTo(TestData.KTP_SCAN_PARTNER);
    }

    // §10.6, §10.7, §10.8: results, statuses and reason codes

    @ParameterizedTest(name = "result {0}")
    @ValueSource(strings = {"VALID", "INVALID", "REJECTED"})
    void conflict6_everyPublishedResultIsAccepted(String result) {
        PlatformReport report = client.decode(CallbackChannel.SIV, "{\"submissionId\":\"s\",\"status\":\"COMPLETED\","
                + "\"result\":\"" + result + "\",\"reasonCode\":\"NOT_EKTP\"}");

        assertThat(report.outcome().result()).isEqualTo(Result.of(result));
        assertThat(report.outcome().result().isRecognised()).isTrue();
    }

    @Test
    void conflict7_aCallbackWithInProgressIsAcceptedThoughSomePagesSayNoneIsSent() {
        PlatformReport report = client.decode(CallbackChannel.SIV,
                "{\"submissionId\":\"s\",\"status\":\"IN_PROGRESS\",\"result\":null}");

        assertThat(report.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS);
        assertThat(report.outcome().result()).isNull();
    }

    @ParameterizedTest(name = "reasonCode {0}")
    @ValueSource(strings = {"DUKCAPIL_SYSTEM_ERROR", "DUKCAPIL_IRRETRIEVABLE_ERROR", "AETHER_VERIFICATION_FAILED",
            "DUKCAPIL_REJECTED", "EMAIL_HAS_BEEN_USED", "PHONE_HAS_BEEN_USED", "SYSTEM_ERROR", "FRAUD_REJECT",
            "NOT_EKTP", "LIVENESS_CHECK_FAILED"})
    void conflict8_theReasonCodesOfEveryPublishedListAreRecognised(String reasonCode) {
        PlatformReport report = client.decode(CallbackChannel.ESIGN, "{\"submissionId\":\"s\",\"status\":\"COMPLETED\","
                + "\"result\":\"INVALID\",\"reasonCode\":\"" + reasonCode + "\"}");

        assertThat(report.outcome().reasonCode().known()).contains(KnownReasonCode.valueOf(reasonCode));
    }

    // §10.9: callback idempotency key

    @Test
    void conflict9_bothIdempotencyKeysCanBeFormedFromEveryReport() {
        PlatformReport partial = client.decode(CallbackChannel.ESIGN, DecoderExamples.CERT_REG_PARTIALLY_COMPLETED);
        PlatformReport completed = client.decode(CallbackChannel.ESIGN, DecoderExamples.CERT_REG_COMPLETED_VALID);

        assertThat(partial.platformSubmissionId()).isEqualTo(completed.platformSubmissionId());
        assertThat(partial.outcome().sameVerdictAs(completed.outcome())).isFalse();
        assertThat(partial.outcome().verdict()).isEqualTo("PARTIALLY_COMPLETED/VALID");
        assertThat(completed.outcome().verdict()).isEqualTo("COMPLETED/VALID");
    }

    // §10.10: error code type

    @ParameterizedTest(name = "code {0}")
    @ValueSource(strings = {"\"1539\"", "1539"})
    void conflict10_anErrorCodeIsTheSameTextAsStringOrInteger(String code) {
        platform.coeTokens.enqueue(json(400, "{\"success\":false,\"errors\":[{\"code\":" + code
                + ",\"cause\":\"MISSING_CLIENT_ID_OR_PASS_KEY\",\"entity\":\"ONEKYC_TOKEN_SERVICE\"}]}"));

        assertThatThrownBy(() -> client.requestUploadUrls(TestData.ref(FlowType.KTP_SCAN)))
                .isInstanceOf(PlatformAuthenticationException.class)
                .cause().isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                        assertThat(e.errors()).extracting(PlatformError::code).containsExactly("1539"));
    }

    // §10.11: COE details 401 code

    @ParameterizedTest(name = "code {0}")
    @ValueSource(strings = {"1539", "110"})
    void conflict11_aCoeDetails401IsAnAuthenticationFailureWhicheverCodeItCarries(String code) {
        platform.coeTokens.enqueue(platform.token("user"));
        platform.coeTokens.enqueue(platform.token("partner-1"));
        platform.coeTokens.enqueue(platform.token("partner-2"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\",\"status\":\"COMPLETED\"}"));
        String unauthorized = "{\"success\":false,\"data\":null,\"errors\":[{\"code\":" + code
                + ",\"cause\":\"UNAUTHORIZED\"}]}";
        platform.gateway.enqueue(json(401, unauthorized));
        platform.gateway.enqueue(json(401, unauthorized));

        assertThatThrownBy(() -> client.fetchResult(TestData.ref(FlowType.KTP_SCAN)))
                .isInstanceOf(PlatformAuthenticationException.class)
                .hasMessageContaining("coe.details")
                .hasMessageContaining(code + " UNAUTHORIZED");
        assertThat(platform.coeTokens.getRequestCount()).isEqualTo(3);
        assertThat(platform.metrics.replays).containsExactly("coe.details");
    }

    // §10.12: consent timestamp unit

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MILLIS, 1725603017345", "SECONDS, 1725603017"})
    void conflict12_theConsentTimestampIsSentInTheConfiguredUnit(ConsentTimestampUnit unit, long expected) {
        OneKycClient configured = platform.client(platform.config().withConsentTimestampUnit(unit));
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        configured.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());
        configured.close();

        assertThat(take(platform.gateway).getBody().readUtf8()).contains("\"timeStamp\":" + expected + ",");
    }

    // §10.13: phone number format

    @Test
    void conflict13_phoneNumbersAreSentAs62WithoutAPlusWhateverTheInput() {
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());
        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.sdkVerification());

        String confirm = take(platform.gateway).getBody().readUtf8();
        String initiate = take(platform.gateway).getBody().readUtf8();
        assertThat(confirm).contains("\"phoneNumber\":\"6281234567890\"").doesNotContain("+62");
        assertThat(initiate).contains("\"phoneNumber\":\"6281234567890\"").doesNotContain("+62");
    }

    // §10.14: SIV userLocale placement

    @Test
    void conflict14_theSivLocaleIsSentBothInsideAdditionalDetailsAndAtTheTopLevel() {
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok("{\"launchUrl\":\"https://web.example.com/launch\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.webVerification());

        Map<String, Object> body = body(take(platform.gateway));
        assertThat(body).containsEntry("userLocale", "id_ID");
        assertThat(body.get("additionalDetails")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("userLocale", "id_ID");
    }

    // §10.15: client-id format

    @ParameterizedTest(name = "client-id {0}")
    @ValueSource(strings = {"b31fa508-331c-4e9e-9a60-b0f28c3f7e13", "01-a234b5cdefghi4b67abf485c3126b92c9-22"})
    void conflict15_theClientIdIsSentVerbatimInEitherPublishedFormat(String clientId) {
        OneKycClient configured = platform.client(platform.config().withCredentials(clientId, TestData.PASS_KEY));
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        configured.fetchResult(TestData.ref(FlowType.CERT_REG));
        configured.close();

        assertThat(take(platform.esignTokens).getHeader("client-id")).isEqualTo(clientId);
    }
}
