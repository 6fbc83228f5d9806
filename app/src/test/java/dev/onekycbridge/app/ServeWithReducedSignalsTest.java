package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a JVM run with {@code -Xrs}, which handles no SIGTERM or SIGINT and refuses a handler for them:
 * with a shutdown delay, whose second-signal handler it could not install, it warned of nothing and failed after
 * the service had started, tearing it down.
 */
@Timeout(120)
class ServeWithReducedSignalsTest {
    @TempDir
    Path folder;

    @Test
    void underReducedSignalUseTheServiceServesAndWarnsThatSignalsStopItAtOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xrs", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--sandbox").redirectErrorStream(true);
        builder.environment().putAll(Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("xrs.db"),
                "BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0", "BRIDGE_SHUTDOWN_DELAY", "PT10M",
                "BRIDGE_UPLOADS_DIR", folder.resolve("xrs-uploads").toString()));
        Process process = builder.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                if (line.contains("Listening on port")) {
                    break;
                }
            }

            assertThat(seen.toString()).contains("Listening on port", "SIGTERM and SIGINT are left to the system"
                    + " (the JVM runs with -Xrs)").doesNotContain("failed");
            assertThat(process.isAlive()).as(seen.toString()).isTrue();
        } finally {
            // Under -Xrs a SIGTERM ends it as SIGKILL would.
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
