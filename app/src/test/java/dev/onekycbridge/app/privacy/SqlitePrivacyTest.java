package dev.onekycbridge.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The flows of {@link PrivacyFlows} on SQLite, with every logger at DEBUG: no log line and no byte of the database
 * files (the database, its write-ahead log and shared memory) holds a personal value, a token or a secret of the
 * run, in any of the forms {@link PersonalDataScanner} looks for; the files are read while the service runs and
 * again after it stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlitePrivacyTest {
    private Path folder;
    private Path database;
    private PrivacyScan scan;
    private Map<String, byte[]> whileRunning;
    private Map<String, byte[]> afterStop;

    @BeforeAll
    void runTheFlows() throws IOException {
        folder = Files.createTempDirectory("onekyc-privacy-");
        database = folder.resolve("bridge.db");
        scan = PrivacyScan.run("jdbc:sqlite:" + database, bridge -> whileRunning = PrivacyScan.sqliteFiles(database));
        afterStop = PrivacyScan.sqliteFiles(database);
        System.out.printf("privacy scan (SQLite): %d log lines (%d DEBUG events), %d values looked for; files while"
                        + " running %s, after stopping %s%n", scan.logLines.size(), scan.debugEvents,
                scan.scanner.size(), sizes(whileRunning), sizes(afterStop));
        if (System.getProperty("privacy.dumpLogs") != null) {
            Files.write(Path.of(System.getProperty("privacy.dumpLogs")), scan.logLines);
        }
    }

    private static Map<String, Integer> sizes(Map<String, byte[]> files) {
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        files.forEach((name, bytes) -> sizes.put(name, bytes.length));
        return sizes;
    }

    @AfterAll
    void deleteTheDatabase() throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void everyLoggerWasCapturedAtDebug() {
        assertThat(scan.debugEvents).as("DEBUG events captured").isPositive();
        assertThat(scan.logLines).anyMatch(line -> line.startsWith("DEBUG") && line.contains("dev.onekycbridge"));
    }

    @Test
    void noLogLineHoldsPersonalDataATokenOrASecret() {
        scan.scanner.assertNoneIn(scan.logLines, "log");
    }

    @Test
    void noUploadedPartIsLeftInTheUploadsDirectory() throws IOException {
        // The service keeps multipart parts here (WebConfig's default) only while a request is handled.
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "onekyc-bridge-uploads");
        if (!Files.isDirectory(uploads)) {
            return;
        }
        try (var files = Files.walk(uploads)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // another test's part, deleted as its request ended
                }
                assertThat(scan.scanner.scanBytes(bytes, file.toString())).isEmpty();
            }
        }
    }

    @Test
    void theFileScanFindsWhatTheDatabaseHoldsInPlaintext() {
        assertThat(whileRunning.values()).anySatisfy(bytes ->
                assertThat(scan.probe.scanBytes(bytes, "a file")).isNotEmpty());
        assertThat(afterStop.values()).anySatisfy(bytes ->
                assertThat(scan.probe.scanBytes(bytes, "a file")).isNotEmpty());
    }

    @Test
    void theDatabaseFilesHoldNoPersonalValueTokenOrSecretInPlaintextWhileTheServiceRuns() {
        assertThat(whileRunning).containsKey("bridge.db");
        assertThat(scan.scanFiles(whileRunning, "while the service ran")).isEmpty();
    }

    @Test
    void theDatabaseFilesHoldNoPersonalValueTokenOrSecretInPlaintextAfterTheServiceStopped() {
        assertThat(afterStop).containsKey("bridge.db");
        assertThat(scan.scanFiles(afterStop, "after the service stopped")).isEmpty();
    }
}
