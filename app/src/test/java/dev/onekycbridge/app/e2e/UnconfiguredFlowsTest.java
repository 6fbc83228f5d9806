package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A deployment that leaves a flow's onboarding partner unset does not run that flow: a start of it is refused at
 * once with a problem naming the key, and nothing of it is stored (the driver could never take it further).
 */
class UnconfiguredFlowsTest {
    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "CERT_REG, ONEKYC_ONBOARDING_PARTNER",
        "KTP_SCAN, ONEKYC_COE_ONBOARDING_PARTNER",
        "SIV, ONEKYC_SIV_ONBOARDING_PARTNER"
    })
    void aStartOfAFlowWhoseOnboardingPartnerIsNotConfiguredIsRefusedAndNothingIsStored(String flow, String key) {
        try (BridgeHarness bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of(key, ""))) {
            String user = "unconfigured-" + UUID.randomUUID().toString().substring(0, 8);

            HttpResponse<String> response = start(bridge, flow, user);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(501);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonObject problem = new JsonObject(response.body());
            assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:flow-not-configured");
            assertThat(problem.getString("flow")).isEqualTo(flow);
            assertThat(problem.getString("setting")).isEqualTo(key);
            assertThat(problem.getString("detail")).contains(flow, key);
            JsonObject stored = new JsonObject(bridge.get("/v1/submissions?partnerUserId=" + user).body());
            assertThat(stored.getJsonArray("items")).isEmpty();
            assertThat(bridge.sandboxSubmissions()).isEmpty();
        }
    }

    private static HttpResponse<String> start(BridgeHarness bridge, String flow, String user) {
        return switch (flow) {
            case "CERT_REG" -> bridge.register(user);
            case "KTP_SCAN" -> bridge.postMultipart("/v1/ktp-scans", new JsonObject().put("partnerUserId", user)
                    .put("partnerUserIdType", "CLIENT_X_USER_ID").encode(), Map.of("ktp", TestData.jpeg(20_000)));
            default -> bridge.startIdentityVerification(user);
        };
    }
}
