package dev.onekycbridge.app.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run of the flows left behind: its log lines, and the database's files or rows. */
final class PrivacyScan {
    final List<String> logLines;
    final int debugEvents;
    final PersonalDataScanner scanner;
    /** Finds a value the database holds in plaintext by design, to show that a scan does find what is there. */
    final PersonalDataScanner probe;

    PrivacyScan(List<String> logLines, int debugEvents, PersonalDataScanner scanner, String plaintextProbe) {
        this.logLines = logLines;
        this.debugEvents = debugEvents;
        this.scanner = scanner;
        this.probe = new PersonalDataScanner().exact("the partner user id", plaintextProbe);
    }

    /** Runs the flows on a service over this database with every logger at DEBUG, and stops the service. */
    static PrivacyScan run(String databaseUrl, java.util.function.Consumer<PrivacyHarness> whileRunning) {
        PrivacyHarness bridge = null;
        try (LogCapture capture = LogCapture.start()) {
            bridge = PrivacyHarness.start(databaseUrl);
            PrivacyFlows flows = PrivacyFlows.run(bridge);
            PersonalDataScanner scanner = flows.scanner();
            whileRunning.accept(bridge);
            bridge.stopService();
            return new PrivacyScan(capture.lines(), capture.debugEvents(), scanner, flows.plaintextProbe);
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

    /** Every finding in these files. */
    List<PersonalDataScanner.Finding> scanFiles(Map<String, byte[]> files, String when) {
        List<PersonalDataScanner.Finding> findings = new ArrayList<>();
        files.forEach((name, bytes) -> findings.addAll(scanner.scanBytes(bytes, name + " " + when)));
        return findings;
    }
}
