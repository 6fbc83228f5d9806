package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.parseJson;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.net.URI;
import java.time.Instant;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityVerificationCallsTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    @Test
    void initiateFlowIsPostedWithTheEsignTokenAndTheSubmissionsSessionId() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"launchUrl\":\"https://webgw.example.com/launch?token=t\","
                + "\"expirySeconds\":\"5184000\",\"expiresAt\":\"1785000000\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.webVerification());

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/esign-partner/v1/initiate-flow");
        assertThat(request.getHeader("x-onekyc-token")).isEqualTo("tok-1");
        assertThat(request.getHeader("x-esign-onboarding-partner")).isEqualTo(TestData.SIV_PARTNER);
        assertThat(request.getHeader("x-onboarding-partner")).isEqualTo(TestData.SIV_PARTNER);
        assertThat(request.getHeader("x-partner-user-id")).isEqualTo(TestData.USER_ID);
        assertThat(request.getHeader("x-partner-user-id-type")).isEqualTo(TestData.USER_ID_TYPE);
        assertThat(request.getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    void aWebLaunchSendsBothContactsTheirVerificationTheLocaleAndTheRedirectionUrls() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"launchUrl\":\"https://webgw.example.com/launch?token=t\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.webVerification());

        assertThat(parseJson(take(platform.gateway).getBody().readUtf8())).isEqualTo(parseJson("""
                {
                  "flow": "STANDALONE_IDENTITY_VERIFICATION",
                  "source": "WEB_SDK",
                  "successRedirectionUrl": "https://partner.example.com/success",
                  "failureRedirectionUrl": "https://partner.example.com/failure",
                  "additionalDetails": {
                    "email": "siti.rahayu@example.co.id",
                    "phoneNumber": "6281234567890",
                    "dataVerification": {
                      "email": {"isVerified": true, "verificationReferenceId": "5fb51cca-6d64-49bb-a67a-f3ceaad1a913"},
                      "phoneNumber": {"isVerified": true, "verificationReferenceId": "0d7c4d6e-96c2-4d2e-8d8c-9a1b2c3d4e5f"}
                    },
                    "userLocale": "id_ID"
                  },
                  "userLocale": "id_ID"
                }
                """));
    }

    @Test
    void anSdkLaunchWithAPhoneAloneLeavesOutTheEmailAndTheRedirections() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk-token\",\"expirySeconds\":\"5184000\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.sdkVerification());

        assertThat(parseJson(take(platform.gateway).getBody().readUtf8())).isEqualTo(parseJson("""
                {
                  "flow": "STANDALONE_IDENTITY_VERIFICATION",
                  "source": "SDK",
                  "additionalDetails": {
                    "phoneNumber": "6281234567890",
                    "dataVerification": {
                      "phoneNumber": {"isVerified": true, "verificationReferenceId": "0d7c4d6e-96c2-4d2e-8d8c-9a1b2c3d4e5f"}
                    },
                    "userLocale": "en_ID"
                  },
                  "userLocale": "en_ID"
                }
                """));
    }

    @Test
    void anSdkLaunchReturnsTheTokenAndItsExpiryFromTheLifetime() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk-token\",\"expirySeconds\":\"5184000\"}"));

        VerificationLaunch launch = client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.sdkVerification());

        assertThat(launch.sdkToken()).isEqualTo("sdk-token");
        assertThat(launch.launchUrl()).isNull();
        assertThat(launch.expiresAt()).isEqualTo(platform.clock.instant().plusSeconds(5184000));
    }

    @ParameterizedTest(name = "expiresAt {0}")
    @ValueSource(strings = {"\"1785000000\"", "1785000000", "\"2026-07-25T17:20:00Z\""})
    void aWebLaunchReturnsTheUrlAndTheStatedExpiry(String expiresAt) {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"launchUrl\":\"https://webgw.example.com/kyc/v2/index.html#/launch-v1?token=t\","
                + "\"expirySeconds\":\"5184000\",\"expiresAt\":" + expiresAt + "}"));

        VerificationLaunch launch = client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.webVerification());

        assertThat(launch.launchUrl())
                .isEqualTo(URI.create("https://webgw.example.com/kyc/v2/index.html#/launch-v1?token=t"));
        assertThat(launch.sdkToken()).isNull();
        assertThat(launch.expiresAt()).isEqualTo(Instant.ofEpochSecond(1785000000));
    }

    @Test
    void anAnswerWithNeitherTokenNorUrlIsUnreadable() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok("{\"expirySeconds\":\"5184000\"}"));

        assertThatThrownBy(() -> client.initiateVerification(TestData.ref(FlowType.SIV), TestData.webVerification()))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e).hasMessageContaining("without a readable SDK token or launch URL");
                });
    }

    @Test
    void resultsAreFetchedFromEsignSubmissionDetailsWithoutTheOnboardingHeader() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.SIV_COMPLETED));

        var report = client.fetchResult(TestData.ref(FlowType.SIV));

        RecordedRequest request = take(platform.gateway);
        assertThat(request.getPath()).isEqualTo("/esign-partner/v1/submissions");
        assertThat(request.getHeader("x-esign-onboarding-partner")).isNull();
        assertThat(request.getHeader("x-onboarding-partner")).isNull();
        assertThat(report).hasValueSatisfying(value ->
                assertThat(value.outcome().ktpData().name()).isEqualTo("JOHN DOE"));
    }

    @Test
    void detailsOfAnEarlierVerificationOfTheSameUserAreNotThisOnesResult() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.SIV_COMPLETED.replace(TestData.SESSION_ID, "an-older-session")));

        assertThat(client.fetchResult(TestData.ref(FlowType.SIV))).isEmpty();
    }

    @Test
    void onceTheSubmissionIdIsKnownItDecidesWhetherTheDetailsAreOurs() {
        platform.esignTokens.enqueue(platform.token("tok-1"));
        platform.gateway.enqueue(ok(DecoderExamples.SIV_COMPLETED));
        SubmissionRef known = new SubmissionRef(FlowType.SIV, TestData.partnerUser(),
                "c64b4c8c-9a8f-4e9c-b86a-0908291c855e", "a-session-the-platform-does-not-echo");

        assertThat(client.fetchResult(known)).isPresent();
    }

    @Test
    void anIdentityVerificationHasNeitherUploadsNorAConfirm() {
        assertThatThrownBy(() -> client.requestUploadUrls(TestData.ref(FlowType.SIV)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.confirm(TestData.ref(FlowType.SIV), TestData.webVerification()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initiated");
        assertThat(platform.gateway.getRequestCount()).isZero();
    }
}
