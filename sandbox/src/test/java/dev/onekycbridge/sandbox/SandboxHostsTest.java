package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform's three hosts, each under its own prefix, strict about the paths of the others. */
class SandboxHostsTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private static final String[] CREDENTIALS = {"client-id", Platform.CLIENT_ID, "pass-key", Platform.PASS_KEY};

    private Platform esignTokenHost;
    private Platform coeTokenHost;
    private Platform gateway;
    private Http plain;

    @BeforeEach
    void setUp() {
        esignTokenHost = new Platform(new Http(SANDBOX.esignTokenBaseUrl()));
        coeTokenHost = new Platform(new Http(SANDBOX.coeTokenBaseUrl()));
        gateway = new Platform(new Http(SANDBOX.gatewayBaseUrl()));
        plain = new Http(SANDBOX.baseUrl());
    }

    @Test
    void eachHostHasItsOwnPrefixOnTheBaseUrl() {
        assertThat(SANDBOX.esignTokenBaseUrl()).isEqualTo(SANDBOX.baseUrl() + "/esign-token");
        assertThat(SANDBOX.coeTokenBaseUrl()).isEqualTo(SANDBOX.baseUrl() + "/coe-token");
        assertThat(SANDBOX.gatewayBaseUrl()).isEqualTo(SANDBOX.baseUrl() + "/gateway");
        assertThat(SandboxHost.GATEWAY.baseUrl("http://sandbox.internal:8090/")).isEqualTo(
                "http://sandbox.internal:8090/gateway");
    }

    @Test
    void aCoeTokenRequestOnTheEsignTokenHostIsNotFound() {
        Reply partner = esignTokenHost.http().get("/v1/coe/partner/authentication", CREDENTIALS);
        Reply user = esignTokenHost.http().get("/v2/coe/authentication", "client-id", Platform.CLIENT_ID,
                "pass-key", Platform.PASS_KEY, "x-onboarding-partner", SandboxConfig.KTP_SCAN_PARTNER,
                "x-partner-user-id", "user-1", "x-partner-user-id-type", Platform.USER_ID_TYPE);

        assertThat(partner.status()).isEqualTo(404);
        assertThat(user.status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "/esign-token, /v2/coe/authentication",
        "/esign-token, /esign-partner/v1/submissions",
        "/coe-token, /v1/esign/partner/authentication",
        "/coe-token, /coe/v1/submissions",
        "/gateway, /v1/esign/partner/authentication",
        "/gateway, /v1/coe/partner/authentication",
        "/gateway, /_sandbox/health",
        "/gateway, /gateway/esign-partner/v1/submissions",
        "/esign-token, /_objects/00000000-0000-0000-0000-000000000000/KTP"
    })
    void aPathOfAnotherHostIsNotFound(String prefix, String path) {
        Reply reply = plain.get(prefix + path, CREDENTIALS);

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void aRegistrationRunsWithEachCallOnItsOwnHost() {
        String token = esignTokenHost.esignToken();
        String userId = Platform.user(null);

        Reply urls = gateway.certRegUrls(token, userId);
        assertThat(urls.status()).as("the query reaches the gateway: " + urls.body()).isEqualTo(200);
        String submissionId = urls.data().getString("submissionId");
        gateway.uploadAll(urls.data());
        Reply confirmed = gateway.confirm(token, userId, Platform.session(), Platform.confirmBody(submissionId));
        assertThat(confirmed.status()).as("the body reaches the gateway: " + confirmed.body()).isEqualTo(200);

        JsonObject done = Eventually.await(() -> gateway.esignDetails(token, userId).data(),
                d -> d != null && "COMPLETED".equals(d.getString("status")));
        assertThat(done.getString("submissionId")).isEqualTo(submissionId);
    }

    @Test
    void aKtpScanRunsWithEachCallOnItsOwnHost() {
        String userId = Platform.user(null);
        String userToken = coeTokenHost.coeUserToken(userId);

        String submissionId = gateway.startKtpScanWith(userToken);

        JsonObject status = Eventually.await(() -> gateway.coeStatus(userToken, submissionId).data(),
                d -> d != null && "COMPLETED".equals(d.getString("status")));
        assertThat(status.getString("submissionId")).isEqualTo(submissionId);
        String partnerToken = coeTokenHost.coePartnerToken();
        assertThat(gateway.coeDetails(partnerToken, userId, "x-submission-id", submissionId).status())
                .isEqualTo(200);
    }

    @Test
    void thePlainBaseUrlServesEveryHostsPaths() {
        Platform all = new Platform(plain);

        all.esignToken();
        all.coePartnerToken();
        assertThat(all.certRegUrls(all.esignToken(), Platform.user(null)).status()).isEqualTo(200);
    }

    @Test
    void requestsAreRecordedAndCountedByTheirPlatformPathWithTheHostTheyCameThrough() {
        esignTokenHost.esignToken();
        plain.get("/v1/esign/partner/authentication", CREDENTIALS);
        plain.get("/esign-token/v1/coe/partner/authentication", CREDENTIALS);

        JsonObject recorded = plain.get("/_sandbox/requests").json();
        JsonArray requests = recorded.getJsonArray("requests");

        assertThat(requests.stream().map(r -> ((JsonObject) r).getString("path") + " @ "
                + ((JsonObject) r).getString("host"))).containsExactly(
                        "/v1/esign/partner/authentication @ esign-token",
                        "/v1/esign/partner/authentication @ null",
                        "/esign-token/v1/coe/partner/authentication @ null");
        assertThat(recorded.getJsonObject("counts").getLong("GET /v1/esign/partner/authentication")).isEqualTo(2L);
        assertThat(recorded.getJsonObject("counts").fieldNames()).doesNotContain("GET /v1/coe/partner/authentication");
        assertThat(requests.getJsonObject(2).getInteger("status")).isEqualTo(404);
    }
}
