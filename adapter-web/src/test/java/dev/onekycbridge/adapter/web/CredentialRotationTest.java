package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * During a rotation each instance accepts the new credential and the one it replaces, so that clients and the
 * platform can switch while instances restart one by one, without a request refused.
 */
class CredentialRotationTest extends VertxTest {
    private static final String KEY = "new-partner-key";
    private static final String PREVIOUS_KEY = "old-partner-key";
    private static final String AUTH = "Basic bmV3OmNyZWRlbnRpYWw=";
    private static final String PREVIOUS_AUTH = "Basic b2xkOmNyZWRlbnRpYWw=";
    private static final byte[] BODY = JsonMessageDecoder.message("a1b2", "COMPLETED", "VALID").encode()
            .getBytes(StandardCharsets.UTF_8);

    private TestBridge bridge;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config.withApiKey(KEY).withApiKeyPrevious(PREVIOUS_KEY)
                .withCallbackAuth(AUTH).withCallbackAuthPrevious(PREVIOUS_AUTH));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void theCurrentAndThePreviousApiKeyBothOpenThePartnerApi() {
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer " + PREVIOUS_KEY).status()).isEqualTo(200);
    }

    @Test
    void anyOtherApiKeyIsStillAnswered401() {
        assertThat(bridge.get("/v1/submissions").status()).isEqualTo(401);
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer not-the-key").status()).isEqualTo(401);
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer " + PREVIOUS_KEY + KEY).status())
                .isEqualTo(401);
        // A callback credential is no API key, nor the other way round.
        assertThat(bridge.get("/v1/submissions", "Authorization", "Bearer " + AUTH).status()).isEqualTo(401);
    }

    @Test
    void theCurrentAndThePreviousCallbackCredentialAreBothTaken() {
        assertThat(callback(AUTH).status()).isEqualTo(200);
        assertThat(callback(PREVIOUS_AUTH).status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).hasSize(1);
    }

    @Test
    void anyOtherCallbackCredentialIsStillAnswered401WithTheCurrentOnesScheme() {
        HttpResponseData wrong = callback("Basic d3Jvbmc6Y3JlZGVudGlhbA==");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic ");
        assertThat(callback("Bearer " + PREVIOUS_KEY).status()).isEqualTo(401);
        assertThat(bridge.send("POST", "/callbacks/siv", BODY, "Content-Type", "application/json").status())
                .isEqualTo(401);
        assertThat(bridge.inbox.all()).isEmpty();
    }

    private HttpResponseData callback(String authorization) {
        return bridge.send("POST", "/callbacks/siv", BODY, "Content-Type", "application/json",
                "Authorization", authorization);
    }
}
