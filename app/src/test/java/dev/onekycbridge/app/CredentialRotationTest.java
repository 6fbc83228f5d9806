package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BRIDGE_API_KEY_PREVIOUS and BRIDGE_CALLBACK_AUTH_PREVIOUS reach the service's guards: during a rolling rotation
 * an instance takes the new credential and the one it replaces alike.
 */
class CredentialRotationTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    @Test
    void aServiceTakesTheCurrentAndThePreviousCredentialsAndNoOther() throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9",
                "ONEKYC_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9",
                "ONEKYC_CLIENT_ID", "client-id", "ONEKYC_PASS_KEY", "pass-key", "ONEKYC_ONBOARDING_PARTNER",
                "X-BE-CERT_REG", "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0"));
        environment.putAll(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"),
                "BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString(),
                "BRIDGE_API_KEY", "new-api-key", "BRIDGE_API_KEY_PREVIOUS", "old-api-key",
                "BRIDGE_CALLBACK_AUTH", "Bearer new-callback", "BRIDGE_CALLBACK_AUTH_PREVIOUS", "Bearer old-callback"));

        try (RunningService service = RunningService.startWithoutWorkers(
                BridgeConfig.from(ConfigSource.load(null, environment)), null, UnaryOperator.identity())) {
            String base = "http://127.0.0.1:" + service.port();

            assertThat(get(base + "/v1/submissions", "Bearer new-api-key")).isEqualTo(200);
            assertThat(get(base + "/v1/submissions", "Bearer old-api-key")).isEqualTo(200);
            assertThat(get(base + "/v1/submissions", "Bearer other-api-key")).isEqualTo(401);
            assertThat(callback(base, "Bearer new-callback")).isEqualTo(200);
            assertThat(callback(base, "Bearer old-callback")).isEqualTo(200);
            assertThat(callback(base, "Bearer other-callback")).isEqualTo(401);
        }
    }

    private int get(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int callback(String base, String authorization) throws Exception {
        String body = "{\"submissionId\":\"4f8e0d0e-1f7a-4c52-9d67-1f0e6a3c9b10\",\"status\":\"COMPLETED\","
                + "\"result\":\"VALID\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/callbacks/esign"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
