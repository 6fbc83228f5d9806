package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BRIDGE_SHUTDOWN_DELAY: a stopping service answers readiness DOWN at once and goes on serving for the delay, so
 * that a load balancer that learns of the stop late still finds it listening; then it closes as before.
 */
class ShutdownDelayTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    @Test
    void aStoppingServiceAnswersReadinessDownWhileItServesOnForTheDelayAndThenCloses() throws Exception {
        // Long enough for the checks below on a busy machine: each must find the listener still open.
        RunningService service = RunningService.start(config("PT10S"), null, UnaryOperator.identity());
        String base = "http://127.0.0.1:" + service.port();
        assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);

        Thread closing = new Thread(service::close, "closing");
        long began = System.nanoTime();
        closing.start();
        HttpResponse<String> ready = awaitReadinessDown(base);

        assertThat(ready.body()).contains("\"service\":\"stopping\"");
        assertThat(get(base + "/health/live").statusCode()).as("still serving").isEqualTo(200);
        assertThat(get(base + "/v1/submissions/" + UUID.randomUUID()).statusCode()).as("the partner API too")
                .isEqualTo(404);
        closing.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(closing.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> get(base + "/health/live")).isInstanceOf(ConnectException.class);
    }

    @Test
    void withoutADelayTheListenerClosesAsTheStopBegins() throws Exception {
        RunningService service = RunningService.start(config(null), null, UnaryOperator.identity());
        String base = "http://127.0.0.1:" + service.port();

        long began = System.nanoTime();
        service.close();

        // Well short of any delay, with room for a busy machine to stop the workers and close the store.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(8));
        assertThatThrownBy(() -> get(base + "/health/live")).isInstanceOf(ConnectException.class);
    }

    /**
     * The JVM ignores signals while its shutdown hooks run: without a handler of the service's own, a second
     * SIGTERM or Ctrl-C would wait out the whole delay, and only SIGKILL (no drain, leases left held) would end it.
     */
    @Test
    void aSecondSignalDuringTheDelayCutsItShortAndTheServiceStops() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--sandbox").redirectErrorStream(true);
        builder.environment().putAll(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("signal.db"),
                "BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0", "BRIDGE_SHUTDOWN_DELAY", "PT10M",
                "BRIDGE_UPLOADS_DIR", folder.resolve("signal-uploads").toString()));
        Process process = builder.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String base = null;
            while (base == null) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                Matcher listening = Pattern.compile("Listening on port (\\d+)").matcher(line);
                if (listening.find()) {
                    base = "http://127.0.0.1:" + listening.group(1);
                }
            }
            assertThat(base).as("the service started").isNotNull();

            process.toHandle().destroy();
            awaitReadinessDown(base);
            process.toHandle().destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped well before the delay").isTrue();
            assertThat(process.exitValue()).as("as a SIGTERM ends it").isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }

    private HttpResponse<String> awaitReadinessDown(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            HttpResponse<String> ready = get(base + "/health/ready");
            if (ready.statusCode() == 503 || System.nanoTime() > deadline) {
                assertThat(ready.statusCode()).as("readiness once the stop began").isEqualTo(503);
                return ready;
            }
            Thread.sleep(20);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private BridgeConfig config(String shutdownDelay) {
        Map<String, String> environment = new HashMap<>(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:"
                + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0",
                "BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString()));
        environment.putAll(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL",
                "http://127.0.0.1:9", "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_CLIENT_ID", "c",
                "ONEKYC_PASS_KEY", "p", "ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG"));
        if (shutdownDelay != null) {
            environment.put("BRIDGE_SHUTDOWN_DELAY", shutdownDelay);
        }
        return BridgeConfig.from(ConfigSource.load(null, environment));
    }
}
