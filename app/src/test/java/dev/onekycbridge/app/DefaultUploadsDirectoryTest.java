package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without BRIDGE_UPLOADS_DIR, the service's uploads directory is in TMPDIR, as the environment gives it: two
 * instances kept apart by TMPDIR must not share one, since each empties its own when it starts.
 */
class DefaultUploadsDirectoryTest {
    @TempDir
    Path folder;

    @Test
    void theDefaultUploadsDirectoryIsInTheTemporaryDirectoryTheEnvironmentNames() throws Exception {
        Path temporary = Files.createDirectory(folder.resolve("tmp"));
        Map<String, String> environment = new HashMap<>(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:"
                + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0", "TMPDIR", temporary.toString()));
        environment.putAll(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL",
                "http://127.0.0.1:9", "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_CLIENT_ID", "c",
                "ONEKYC_PASS_KEY", "p", "ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG"));

        try (RunningService service = RunningService.start(BridgeConfig.from(ConfigSource.load(null, environment)),
                null, UnaryOperator.identity())) {
            assertThat(temporary.resolve("onekyc-bridge-uploads")).isDirectory();
        }
    }
}
