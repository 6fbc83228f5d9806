package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.app.config.ConfigSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One uploads directory per running instance: a second serve on it would delete the first one's uploads in
 * flight as a killed process's leftovers. Before, it did so silently, and the first answered 503.
 */
class SharedUploadsDirectoryTest {
    /** A port free a moment ago, not a fixed one another build on the machine may hold. */
    private final int port = freePort();

    @TempDir
    Path folder;

    @Test
    @Timeout(120)
    void aSecondServiceOnTheUploadsDirectoryOfARunningOneIsRefusedNamingTheSettingAndLeavesItsUploads()
            throws Exception {
        Path uploads = folder.resolve("uploads");
        Map<String, String> environment = new HashMap<>(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:"
                + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_UPLOADS_DIR", uploads.toString(),
                "BRIDGE_CALLBACK_AUTH", "callback-secret-for-the-test"));
        environment.putAll(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL",
                "http://127.0.0.1:9", "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_CLIENT_ID", "c",
                "ONEKYC_PASS_KEY", "p", "ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG"));
        Map<String, String> first = new HashMap<>(environment);
        first.put("BRIDGE_HTTP_PORT", Integer.toString(port));
        Process running = serve(first);
        try {
            awaitReady(running);
            Path inFlight = Files.write(uploads.resolve("6c256a7f-e958-4e18-8a22-e1326352e14d"),
                    new byte[]{(byte) 0xFF, (byte) 0xD8});
            Map<String, String> second = new HashMap<>(environment);
            second.put("BRIDGE_HTTP_PORT", "0");

            assertThatThrownBy(() -> RunningService.start(BridgeConfig.from(ConfigSource.load(null, second)), null,
                    UnaryOperator.identity()).close())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("BRIDGE_UPLOADS_DIR: the uploads directory " + uploads + " is in use by"
                            + " another running instance");
            assertThat(inFlight).exists();
        } finally {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process serve(Map<String, String> environment) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", classPath, "dev.onekycbridge.app.Main", "serve"))
                .redirectErrorStream(true).redirectOutput(folder.resolve("serve.log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ONEKYC_") || key.startsWith("BRIDGE_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitReady(Process process) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as(() -> readLog()).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).GET()
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the first service did not become ready: " + readLog());
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String readLog() {
        try {
            return Files.readString(folder.resolve("serve.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
