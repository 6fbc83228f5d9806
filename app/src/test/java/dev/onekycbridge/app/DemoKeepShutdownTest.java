package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code demo --keep} stopped as its output says (Ctrl-C, or SIGTERM): its service stops and its folder goes. */
class DemoKeepShutdownTest {
    @Test
    void stoppingAKeptDemoBySignalRemovesItsTemporaryDatabase() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.onekycbridge.app.Main", "demo", "--keep")).redirectErrorStream(true).start();
        try {
            Path folder = null;
            StringBuilder seen = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Pattern database = Pattern.compile("fresh SQLite database\\s+(\\S+)");
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                Matcher found = database.matcher(line);
                if (found.find()) {
                    folder = Path.of(found.group(1)).getParent();
                }
                if (line.startsWith("Explore the running service")) {
                    break;
                }
            }
            assertThat(folder).as(seen.toString()).isNotNull().exists();

            process.destroy(); // SIGTERM, as Ctrl-C would end it

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(folder).as(seen.toString()).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }
}
