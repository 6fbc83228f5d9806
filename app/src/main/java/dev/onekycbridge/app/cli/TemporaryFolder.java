package dev.onekycbridge.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the folder a command made for its own run (demo, register --sandbox): a database under a key that is
 * thrown away, and its images, are of no use to anyone once the command has ended.
 */
final class TemporaryFolder {
    private TemporaryFolder() {
    }

    /** Deletes the folder and everything in it, as far as it can; null or a missing folder is nothing to do. */
    static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left behind; the rest still goes.
                }
            });
        } catch (IOException e) {
            // Left behind: a temporary folder, which the system's cleaner removes in time.
        }
    }
}
