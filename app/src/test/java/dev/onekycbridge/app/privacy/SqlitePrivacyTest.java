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
 * files (the database, its write-ahead log and shared memory, and the staged images beside it) holds a personal
 * value, a token or a secret of the run, in any of the forms {@link PersonalDataScanner} looks for. The files are
 * read while a registration waits before upload with its images staged (staged images are deleted once uploaded,
 * and SQLite overwrites deleted rows, so what is there only for a while is read then), once every flow has
 * finished with the service still running, and after it stopped. Once it stopped, no uploaded part is left in its
 * uploads folder (the harness's own), which the multipart requests went through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlitePrivacyTest {
    private Path folder;
    private Path database;
    private PrivacyScan scan;
    private Map<String, byte[]> whileHeld;
    private Map<String, byte[]> whileRunning;
    private Map<String, byte[]> afterStop;

    @BeforeAll
    void runTheFlows() throws IOException {
        folder = Files.createTempDirectory("onekyc-privacy-");
        database = folder.resolve("bridge.db");
        scan = PrivacyScan.run("jdbc:sqlite:" + database, bridge -> whileHeld = PrivacyScan.sqliteFiles(database),
                bridge -> whileRunning = PrivacyScan.sqliteFiles(database));
        afterStop = PrivacyScan.sqliteFiles(database);
        System.out.printf("privacy scan (SQLite): %d log lines (%d DEBUG events), %d values looked for in %d forms;"
                        + " files while a registration was held %s, while running %s, after stopping %s;"
                        + " uploaded parts written %d, left %d%n",
                scan.logLines.size(), scan.debugEvents, scan.scanner.size(), scan.scanner.forms(), sizes(whileHeld),
                sizes(whileRunning), sizes(afterStop), scan.uploads.partsWritten(), scan.uploads.filesLeft().size());
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
    void theFailurePathsRanAndLoggedUnderTheCapture() {
        assertThat(scan.failurePathsNotLogged()).isEmpty();
    }

    @Test
    void noUploadedPartIsLeftInTheUploadsDirectory() {
        // The service writes multipart parts to its uploads folder (the harness's own, BRIDGE_UPLOADS_DIR) only
        // while a request is handled. Read once the service had stopped, before the harness deleted the folder.
        PrivacyHarness.UploadsFolder uploads = scan.uploads;
        assertThat(uploads.existed()).as(uploads.path() + " existed when read").isTrue();
        assertThat(uploads.partsWritten()).as("uploaded parts written to " + uploads.path()).isPositive();
        assertThat(uploads.filesLeft().keySet()).as("files left in " + uploads.path()).isEmpty();
        assertThat(scan.scanFiles(uploads.filesLeft(), "in the uploads folder")).isEmpty();
    }

    @Test
    void theFileScanFindsWhatTheDatabaseHoldsInPlaintext() {
        assertThat(whileHeld.values()).anySatisfy(bytes ->
                assertThat(scan.probe.scanBytes(bytes, "a file")).isNotEmpty());
        assertThat(whileRunning.values()).anySatisfy(bytes ->
                assertThat(scan.probe.scanBytes(bytes, "a file")).isNotEmpty());
        assertThat(afterStop.values()).anySatisfy(bytes ->
                assertThat(scan.probe.scanBytes(bytes, "a file")).isNotEmpty());
    }

    @Test
    void theHeldRegistrationsImagesWereStagedBesideTheDatabaseWhenItWasScanned() {
        // Each file holds a whole image (the KTP 24,000 bytes, the selfie 16,000), sealed.
        assertThat(PrivacyScan.stagedImages(whileHeld)).as("staged image files while held")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy((name, bytes) -> assertThat(bytes).as(name).hasSizeGreaterThan(16_000));
    }

    @Test
    void theDatabaseFilesAndStagedImagesHoldNoPersonalValueTokenOrSecretInPlaintextWhileARegistrationIsHeld() {
        assertThat(whileHeld).containsKey("bridge.db");
        assertThat(scan.scanFiles(whileHeld, "while a registration was held before upload")).isEmpty();
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
