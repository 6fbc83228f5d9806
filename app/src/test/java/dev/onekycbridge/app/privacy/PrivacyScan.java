package dev.onekycbridge.app.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What one run of the flows left behind: its log lines, and the database's files or rows. */
final class PrivacyScan {
    /**
     * Lines that only the failure paths of the flows write: without them the log scan would not have covered
     * those paths, whose lines (errors, refusals, retries) are the likeliest to hold what they should not.
     */
    static final Map<String, Predicate<String>> FAILURE_PATHS = Map.of(
            "the driver's warning that the platform could not be reached", line -> line.startsWith("WARN")
                    && line.contains("SubmissionDriver") && line.contains("could not be reached"),
            "the line saying the platform takes the driver's steps again", line -> line.startsWith("INFO")
                    && line.contains("SubmissionDriver") && line.contains("takes the driver's steps again"),
            "the client's retry of a failed call", line -> line.startsWith("DEBUG")
                    && line.contains("dev.onekycbridge.adapter.onekyc") && line.contains("; attempt 2 of"),
            "the client's retry of a call that got no answer (a reset, an answer lost)", line ->
                    line.contains("dev.onekycbridge.adapter.onekyc") && line.contains("failed without an answer"),
            "the client's replay of a call refused with 401", line -> line.contains("dev.onekycbridge.adapter.onekyc")
                    && line.contains("got HTTP 401; replaying once with a fresh token"),
            "the warning about callbacks refused for their Authorization", line -> line.startsWith("WARN")
                    && line.contains("RefusedCallbacks") && line.contains("their Authorization"),
            "the warning about requests failed because the store is unavailable", line -> line.startsWith("WARN")
                    && line.contains("FailureHandler") && line.contains("the store is unavailable"));

    final List<String> logLines;
    final int debugEvents;
    final PersonalDataScanner scanner;
    /** Finds a value the database holds in plaintext by design, to show that a scan does find what is there. */
    final PersonalDataScanner probe;
    /** The service's uploads folder, read once it had stopped, before the harness deleted the folder. */
    final PrivacyHarness.UploadsFolder uploads;

    PrivacyScan(List<String> logLines, int debugEvents, PersonalDataScanner scanner, String plaintextProbe,
                PrivacyHarness.UploadsFolder uploads) {
        this.logLines = logLines;
        this.debugEvents = debugEvents;
        this.scanner = scanner;
        this.probe = new PersonalDataScanner().exact("the partner user id", plaintextProbe);
        this.uploads = uploads;
    }

    /**
     * Runs the flows on a service over this database with every logger at DEBUG, stops the service and reads its
     * uploads folder; {@code whileHeld} runs while a registration waits before upload with its images staged,
     * {@code whileRunning} once every flow has finished.
     */
    static PrivacyScan run(String databaseUrl, Consumer<PrivacyHarness> whileHeld,
                           Consumer<PrivacyHarness> whileRunning) {
        PrivacyHarness bridge = null;
        try (LogCapture capture = LogCapture.start()) {
            bridge = PrivacyHarness.start(databaseUrl);
            PrivacyFlows flows = PrivacyFlows.run(bridge, whileHeld);
            PersonalDataScanner scanner = flows.scanner();
            whileRunning.accept(bridge);
            bridge.stopService();
            // Every request has ended: what its parts left in the uploads folder is there for good.
            PrivacyHarness.UploadsFolder uploads = bridge.uploadsFolder();
            return new PrivacyScan(capture.lines(), capture.debugEvents(), scanner, flows.plaintextProbe, uploads);
        } finally {
            if (bridge != null) {
                bridge.close();
            }
        }
    }

    /**
     * The SQLite database's files as they are now: the database, its -wal, -shm and -journal if present, and the
     * staged image files in its .images folder.
     */
    static Map<String, byte[]> sqliteFiles(Path database) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Path file = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(file)) {
                try {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Path images = database.resolveSibling(database.getFileName() + ".images");
        if (Files.isDirectory(images)) {
            try (var staged = Files.list(images)) {
                for (Path file : staged.toList()) {
                    files.put(images.getFileName() + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The failure paths of {@link #FAILURE_PATHS} that wrote no line. */
    List<String> failurePathsNotLogged() {
        return FAILURE_PATHS.entrySet().stream()
                .filter(path -> logLines.stream().noneMatch(path.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** The staged image files among the SQLite database's files. */
    static Map<String, byte[]> stagedImages(Map<String, byte[]> files) {
        Map<String, byte[]> images = new LinkedHashMap<>();
        files.forEach((name, bytes) -> {
            if (name.contains(".images/") && name.endsWith(".sealed")) {
                images.put(name, bytes);
            }
        });
        return images;
    }

    /** Every finding in these files. */
    List<PersonalDataScanner.Finding> scanFiles(Map<String, byte[]> files, String when) {
        List<PersonalDataScanner.Finding> findings = new ArrayList<>();
        files.forEach((name, bytes) -> findings.addAll(scanner.scanBytes(bytes, name + " " + when)));
        return findings;
    }
}
