package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code serve --sandbox} points the sandbox's callbacks at the address the service listens on, whatever host it
 * is given: a callback sent where nothing listens is lost, and the results then come only by polling.
 */
class SandboxCallbackAddressTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"127.0.0.1, http://127.0.0.1:", "0.0.0.0, http://127.0.0.1:", "::1, http://[::1]:",
            "::, http://[::1]:", "[::1], http://[::1]:"})
    void theSandboxCallsBackWhereTheServiceListens(String host, String expected) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor(sandbox));
            environment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
            environment.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
            environment.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
            environment.put("BRIDGE_HTTP_HOST", host);
            environment.put("BRIDGE_HTTP_PORT", "0");
            try (RunningService service = RunningService.start(BridgeConfig.from(ConfigSource.of(environment)),
                    sandbox, UnaryOperator.identity())) {
                String callback = sandbox.control().config().callback(CallbackChannel.ESIGN).orElseThrow().url();

                assertThat(callback).isEqualTo(expected + service.port() + "/callbacks/esign");
                URI health = URI.create(callback).resolve("/health/live");
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
            }
        }
    }

    /** Its callbacks come from this machine: a deployment's allow-list of the platform's addresses would refuse them. */
    @Test
    void theSandboxsCallbacksAreTakenWhateverTheDeploymentsAllowListSays() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> deployment = new HashMap<>();
            deployment.put("BRIDGE_CALLBACK_ALLOWED_IPS", "203.0.113.0/24");
            deployment.put("BRIDGE_TRUSTED_PROXIES", "127.0.0.1/32");
            deployment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
            deployment.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
            deployment.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
            deployment.put("BRIDGE_HTTP_HOST", "127.0.0.1");
            deployment.put("BRIDGE_HTTP_PORT", "0");
            ConfigSource withSandbox = ConfigSource.of(deployment).with(SandboxProfile.settingsFor(sandbox));
            try (RunningService service = RunningService.start(BridgeConfig.from(withSandbox), sandbox,
                    UnaryOperator.identity())) {
                String callback = sandbox.control().config().callback(CallbackChannel.ESIGN).orElseThrow().url();

                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(callback)).header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "198.51.100.7")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(403).isLessThan(500);
            }
        }
    }
}
