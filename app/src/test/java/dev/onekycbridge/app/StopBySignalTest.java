package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that make a temporary folder (a database under a throw-away key, the received images), stopped as
 * an operator stops them (Ctrl-C, or SIGTERM: both run the JVM's shutdown hooks, not the command's own ending):
 * their service stops and their folder goes, whenever the signal comes.
 */
@Timeout(120)
class StopBySignalTest {
    private static final Pattern DEMO_DATABASE = Pattern.compile("fresh SQLite database\\s+(\\S+)");
    private static final Pattern REGISTER_FOLDER = Pattern.compile("a temporary database in (\\S+)");

    @TempDir
    Path folder;

    @Test
    void stoppingAKeptDemoBySignalRemovesItsTemporaryDatabase() throws Exception {
        assertStoppedCleanly(List.of("demo", "--keep"), DEMO_DATABASE, "Explore the running service");
    }

    @Test
    void stoppingADemoBySignalBeforeItsResultRemovesItsTemporaryDatabase() throws Exception {
        // PARTIAL_ONLY never ends: the demo waits for its result when the signal comes.
        assertStoppedCleanly(List.of("demo", "--scenario", "PARTIAL_ONLY"), DEMO_DATABASE,
                "-> PARTIALLY_COMPLETED");
    }

    /** The teardown deleted the folder; the service, still starting, made its database there again. */
    @Test
    void stoppingADemoWhileItsServiceStartsRemovesItsTemporaryDatabase() throws Exception {
        String after = assertStoppedCleanly(List.of("demo"), DEMO_DATABASE, "fresh SQLite database");

        assertThat(after).doesNotContain("failed");
    }

    @Test
    void stoppingARegistrationWhileItsServiceStartsRemovesItsTemporaryDatabase() throws Exception {
        String after = assertStoppedCleanly(registration("signal-early-user"), REGISTER_FOLDER,
                "a temporary database in");

        assertThat(after).doesNotContain("failed");
    }

    @Test
    void stoppingARegistrationWaitingForItsResultRemovesItsTemporaryDatabaseAndImages() throws Exception {
        String after = assertStoppedCleanly(registration("signal-user__PARTIAL_ONLY", "--wait"), REGISTER_FOLDER,
                "-> PARTIALLY_COMPLETED");

        // The wait read the store its teardown had closed, and said so as a failure.
        assertThat(after).doesNotContain("failed");
    }

    /** {@code register --sandbox} for {@code user}, with its details and images written to the test's folder. */
    private List<String> registration(String user, String... options) throws Exception {
        Path details = RegistrationDetailsFile.write(folder, user);
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(40_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        List<String> command = new ArrayList<>(List.of("register", "--sandbox"));
        command.addAll(List.of(options));
        command.addAll(List.of("--details", details.toString(), "--ktp", ktp.toString(), "--selfie",
                selfie.toString()));
        return command;
    }

    /**
     * The command line in a JVM with another shutdown hook that takes a while, as a library's may: the JVM ends only
     * once every hook has, so the command goes on running after its own teardown for that long.
     */
    static final class WithASlowShutdownHook {
        public static void main(String[] argv) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Main.main(argv);
        }
    }

    /**
     * Runs the command until it prints {@code ready}, stops it by SIGTERM and checks its folder is gone; what it
     * printed after the signal.
     */
    private static String assertStoppedCleanly(List<String> argv, Pattern folderLine, String ready)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                WithASlowShutdownHook.class.getName()));
        command.addAll(argv);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            Path made = null;
            StringBuilder seen = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                Matcher found = folderLine.matcher(line);
                if (found.find()) {
                    Path named = Path.of(found.group(1));
                    made = named.getFileName().toString().endsWith(".db") ? named.getParent() : named;
                }
                if (line.contains(ready)) {
                    break;
                }
            }
            assertThat(seen.toString()).contains(ready);
            assertThat(made).as(seen.toString()).isNotNull().exists();

            // SIGTERM, as Ctrl-C would end it; through its handle, which leaves its output open to read to the end.
            process.toHandle().destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            StringBuilder after = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                after.append(line).append('\n');
            }
            assertThat(made).as(seen + "--- after the signal:\n" + after).doesNotExist();
            return after.toString();
        } finally {
            process.destroyForcibly();
        }
    }
}
