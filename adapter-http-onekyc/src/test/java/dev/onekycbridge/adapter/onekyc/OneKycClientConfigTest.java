package dev.onekycbridge.adapter.onekyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig.ConsentTimestampUnit;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OneKycClientConfigTest {
    @Test
    void stagingUsesTheDocumentedStagingHosts() {
        OneKycClientConfig staging = OneKycClientConfig.staging();

        assertThat(staging.esignTokenBaseUrl()).isEqualTo("https://onekyc-token.staging.gopayapi.com/");
        assertThat(staging.coeTokenBaseUrl()).isEqualTo("https://onekyc-token-sandbox.gopayapi.com/");
        assertThat(staging.gatewayBaseUrl()).isEqualTo("https://onekyc.ky.id.staging.gopayapi.com/");
    }

    @Test
    void productionUsesTheDocumentedProductionHostsAndTheEsignTokenHostForCoe() {
        OneKycClientConfig production = OneKycClientConfig.production();

        assertThat(production.esignTokenBaseUrl()).isEqualTo("https://onekyc-token.ky.id.gopayapi.com/");
        assertThat(production.coeTokenBaseUrl()).isEqualTo(production.esignTokenBaseUrl());
        assertThat(production.gatewayBaseUrl()).isEqualTo("https://onekyc.ky.id.gopayapi.com/");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        OneKycClientConfig config = OneKycClientConfig.staging();

        assertThat(config.consentTimestampUnit()).isEqualTo(ConsentTimestampUnit.MILLIS);
        assertThat(config.tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(config.hasCredentials()).isFalse();
        assertThat(config.certRegOnboardingPartner()).isNull();
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(70));
        assertThat(config.uploadCallTimeout()).isEqualTo(Duration.ofSeconds(490));
    }

    @Test
    void theCallTimeoutFollowsTheOtherTimeoutsUntilItIsSet() {
        OneKycClientConfig derived = OneKycClientConfig.staging()
                .withConnectTimeout(Duration.ofSeconds(1))
                .withReadTimeout(Duration.ofSeconds(2))
                .withUploadTimeout(Duration.ofSeconds(3));

        assertThat(derived.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(derived.uploadCallTimeout()).isEqualTo(Duration.ofSeconds(13));
        assertThat(derived.withCallTimeout(Duration.ofSeconds(9)).withReadTimeout(Duration.ofSeconds(20))
                .callTimeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void withersReturnANewConfigurationAndLeaveTheOriginalUnchanged() {
        OneKycClientConfig original = OneKycClientConfig.staging();

        OneKycClientConfig derived = original
                .withGatewayBaseUrl("https://proxy.internal/onekyc")
                .withCredentials("id", "key")
                .withCertRegOnboardingPartner("P-BE-CERT_REG")
                .withKtpScanOnboardingPartner("P-SDK-KTP_SCAN")
                .withSivOnboardingPartner("P-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION")
                .withConsentTimestampUnit(ConsentTimestampUnit.SECONDS)
                .withTokenRefreshMargin(Duration.ofSeconds(60))
                .withConnectTimeout(Duration.ofSeconds(1))
                .withReadTimeout(Duration.ofSeconds(2))
                .withUploadTimeout(Duration.ofSeconds(3))
                .withRetryPolicy(RetryPolicy.noRetries());

        assertThat(derived).isNotSameAs(original);
        assertThat(derived.gatewayBaseUrl()).isEqualTo("https://proxy.internal/onekyc/");
        assertThat(derived.hasCredentials()).isTrue();
        assertThat(derived.certRegOnboardingPartner()).isEqualTo("P-BE-CERT_REG");
        assertThat(derived.ktpScanOnboardingPartner()).isEqualTo("P-SDK-KTP_SCAN");
        assertThat(derived.sivOnboardingPartner()).isEqualTo("P-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION");
        assertThat(derived.consentTimestampUnit()).isEqualTo(ConsentTimestampUnit.SECONDS);
        assertThat(derived.tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(derived.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(derived.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(derived.uploadTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(derived.retryPolicy().maxAttempts()).isEqualTo(1);

        assertThat(original.gatewayBaseUrl()).isEqualTo("https://onekyc.ky.id.staging.gopayapi.com/");
        assertThat(original.hasCredentials()).isFalse();
        assertThat(original.consentTimestampUnit()).isEqualTo(ConsentTimestampUnit.MILLIS);
    }

    @Test
    void toStringNeverShowsTheCredentials() {
        OneKycClientConfig config = OneKycClientConfig.staging()
                .withCredentials(TestData.CLIENT_ID, TestData.PASS_KEY)
                .withCertRegOnboardingPartner(TestData.CERT_REG_PARTNER);

        assertThat(config.toString())
                .doesNotContain(TestData.CLIENT_ID, TestData.PASS_KEY)
                .contains("clientId=***", "passKey=***", TestData.CERT_REG_PARTNER, "onekyc.ky.id.staging");
    }

    @Test
    void theClientsToStringNeverShowsTheCredentialsEither() {
        try (OneKycClient client = OneKycClient.create(OneKycClientConfig.staging()
                .withCredentials(TestData.CLIENT_ID, TestData.PASS_KEY))) {
            assertThat(client.toString()).doesNotContain(TestData.CLIENT_ID, TestData.PASS_KEY);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "onekyc.example.com", "ftp://onekyc.example.com", "https://", "https://h/?q=1",
            "http://bad host/"})
    void aBaseUrlMustBeAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> OneKycClientConfig.staging().withGatewayBaseUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gatewayBaseUrl");
    }

    @Test
    void credentialsMustBothBeGiven() {
        assertThatThrownBy(() -> OneKycClientConfig.staging().withCredentials("id", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("passKey is required");
        assertThatThrownBy(() -> OneKycClientConfig.staging().withCredentials(null, "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientId is required");
    }

    /** A no-break space and a non-breaking hyphen, as pasted from a rendered page. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"CLIENT_X-BE-CERT_REG\u00A0", "CLIENT_X\u2011BE\u2011CERT_REG", "CLIENT_X-BE\n-CERT_REG"})
    void aValueSentInAHeaderThatNoHeaderCanCarryIsRefusedWithoutRepeatingIt(String value) {
        OneKycClientConfig config = OneKycClientConfig.staging();
        assertThatThrownBy(() -> config.withCredentials(value, "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientId may hold only printable ASCII")
                .hasMessageNotContaining("CLIENT_X");
        assertThatThrownBy(() -> config.withCredentials("id", value))
                .hasMessageStartingWith("passKey may hold only printable ASCII");
        assertThatThrownBy(() -> config.withCertRegOnboardingPartner(value))
                .hasMessageStartingWith("certRegOnboardingPartner may hold only printable ASCII");
        assertThatThrownBy(() -> config.withKtpScanOnboardingPartner(value))
                .hasMessageStartingWith("ktpScanOnboardingPartner may hold only printable ASCII");
        assertThatThrownBy(() -> config.withSivOnboardingPartner(value))
                .hasMessageStartingWith("sivOnboardingPartner may hold only printable ASCII");
    }

    @Test
    void aClientNeedsCredentials() {
        assertThatThrownBy(() -> OneKycClient.create(OneKycClientConfig.staging()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withCredentials");
    }

    @Test
    void timeoutsMustBePositiveAndTheMarginNotNegative() {
        OneKycClientConfig config = OneKycClientConfig.staging();

        assertThatThrownBy(() -> config.withReadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withConnectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withCallTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withTokenRefreshMargin(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(config.withTokenRefreshMargin(Duration.ZERO).tokenRefreshMargin()).isZero();
    }

    @Test
    void aRetryPolicyIsValidatedAndImmutable() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.withMaxAttempts(5).maxAttempts()).isEqualTo(5);
        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSuppliedHttpClientIsSharedButNotClosedByTheClient() throws Exception {
        OkHttpClient shared = new OkHttpClient();
        try (TestPlatform platform = new TestPlatform()) {
            OneKycClient client = platform.client(platform.config().withOkHttpClient(shared));
            platform.esignTokens.enqueue(platform.token("t"));
            platform.gateway.enqueue(TestPlatform.ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

            client.fetchResult(TestData.ref(dev.onekycbridge.core.submission.FlowType.CERT_REG));
            client.close();

            assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
            assertThat(shared.connectionPool().connectionCount()).isPositive();
        } finally {
            shared.dispatcher().executorService().shutdown();
            shared.connectionPool().evictAll();
        }
    }

    @Test
    void extraInterceptorsSeeEveryRequest() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestPlatform platform = new TestPlatform()) {
            OneKycClient client = platform.client(platform.config().withInterceptor(chain -> {
                seen.add(chain.request().url().encodedPath());
                return chain.proceed(chain.request());
            }));
            platform.esignTokens.enqueue(platform.token("t"));
            platform.gateway.enqueue(TestPlatform.ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

            client.fetchResult(TestData.ref(dev.onekycbridge.core.submission.FlowType.CERT_REG));
            client.close();
        }

        assertThat(seen).containsExactly("/v1/esign/partner/authentication", "/esign-partner/v1/submissions");
    }

    @Test
    void aBaseUrlWithAPathPrefixKeepsItsPrefix() throws Exception {
        try (TestPlatform platform = new TestPlatform()) {
            OneKycClient client = platform.client(platform.config()
                    .withGatewayBaseUrl(platform.gateway.url("/onekyc-proxy").toString()));
            platform.esignTokens.enqueue(platform.token("t"));
            platform.gateway.enqueue(TestPlatform.ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

            client.fetchResult(TestData.ref(dev.onekycbridge.core.submission.FlowType.CERT_REG));
            client.close();

            assertThat(TestPlatform.take(platform.gateway).getPath()).isEqualTo("/onekyc-proxy/esign-partner/v1/submissions");
        }
    }
}
