package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Without BRIDGE_API_KEY the partner API takes anyone's requests. Beside the platform's own hosts that is told at
 * start with a warning (not refused: an open API is a documented choice, for a gateway in front that checks callers).
 */
class OpenPartnerApiWarningTest {
    private static final String WARNING = "the partner API accepts requests without a key";

    @TempDir
    Path folder;
    /** One key for each start on the same database. */
    private final String dataKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    private Map<String, String> production() {
        Map<String, String> environment = new HashMap<>(Map.of("ONEKYC_ENV", "production", "ONEKYC_CLIENT_ID",
                "client-id-secret", "ONEKYC_PASS_KEY", "pass-key-secret", "ONEKYC_ONBOARDING_PARTNER",
                "X-BE-CERT_REG", "BRIDGE_CALLBACK_ALLOWED_IPS", "192.0.2.0/24"));
        environment.putAll(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY",
                dataKey, "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0", "BRIDGE_UPLOADS_DIR",
                folder.resolve("uploads").toString()));
        return environment;
    }

    @Test
    void aServiceBesideTheProductionPlatformWithoutAnApiKeyWarnsThatItsPartnerApiIsOpen() {
        List<String> lines = startAndLog(production());

        assertThat(lines).filteredOn(line -> line.contains(WARNING)).singleElement().asString()
                .startsWith("WARN ").contains("BRIDGE_API_KEY")
                .doesNotContain("client-id-secret", "pass-key-secret");
    }

    @Test
    void aServiceWithAnApiKeyOrBesideAPlatformOnThisMachineDoesNotWarn() {
        Map<String, String> withKey = production();
        withKey.put("BRIDGE_API_KEY", "api-key-secret");
        Map<String, String> local = production();
        local.putAll(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL", "http://127.0.0.1:9",
                "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9"));

        assertThat(startAndLog(withKey)).noneMatch(line -> line.contains(WARNING));
        assertThat(startAndLog(local)).noneMatch(line -> line.contains(WARNING));
    }

    /** The service's log lines while it starts and stops, each as its level and message. */
    private static List<String> startAndLog(Map<String, String> environment) {
        Logger logger = (Logger) LoggerFactory.getLogger(RunningService.class.getName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (RunningService service = RunningService.start(BridgeConfig.from(ConfigSource.load(null, environment)),
                null, UnaryOperator.identity())) {
            assertThat(service).isNotNull();
        } finally {
            logger.detachAppender(lines);
        }
        return lines.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }
}
