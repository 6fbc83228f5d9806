package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest extends VertxTest {
    private static final String KEY = "k3y-for-partners";

    private TestBridge bridge;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config.withApiKey(KEY));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aPartnerRequestWithoutTheKeyIsAnswered401WithABearerChallenge() {
        HttpResponseData response = bridge.get("/v1/submissions");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:unauthorized");
    }

    @Test
    void aWrongKeyIsAnswered401() {
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer not-the-key").status()).isEqualTo(401);
        assertThat(bridge.get("/v1/submissions", "Authorization", KEY).status()).isEqualTo(401);
        assertThat(bridge.get("/v1/submissions", "Authorization", "Basic " + KEY).status()).isEqualTo(401);
    }

    @Test
    void theRightKeyOpensThePartnerApi() {
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
        assertThat(bridge.get("/v1/submissions", "Authorization", "bearer " + KEY).status()).isEqualTo(200);
    }

    @Test
    void aStartRequestWithoutTheKeyStoresNothing() {
        HttpResponseData response = bridge.postMultipart("/v1/certificate-registrations", Requests.registration());

        assertThat(response.status()).isEqualTo(401);
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.postMultipart("/v1/certificate-registrations", Requests.registration(),
                "Authorization", "Bearer " + KEY).status()).isEqualTo(202);
    }

    @Test
    void healthMetricsTheDocumentAndCallbacksAreNotBehindTheKey() {
        assertThat(bridge.get("/health/live").status()).isEqualTo(200);
        assertThat(bridge.get("/health/ready").status()).isEqualTo(200);
        assertThat(bridge.get("/metrics").status()).isEqualTo(200);
        assertThat(bridge.get("/openapi.yaml").status()).isEqualTo(200);
        String body = JsonMessageDecoder.message("a1b2", "COMPLETED", "VALID").encode();
        assertThat(bridge.send("POST", "/callbacks/siv", body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json").json()).isEqualTo(new JsonObject().put("status", "ok"));
    }
}
