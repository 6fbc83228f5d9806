package dev.onekycbridge.app.cli;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The commands that work on the service's data (status, reconcile, purge, db reencrypt) need its database to exist.
 * Opening a SQLite file that is not there creates an empty one; with the default URL, relative to the working
 * directory, a command run from another directory would then report no submissions, or every value re-encrypted
 * and the former keys free to destroy, about a file that holds nothing.
 */
final class ExistingDatabase {
    private ExistingDatabase() {
    }

    /** @throws ConfigException naming BRIDGE_DB_URL and the absolute path when the SQLite file does not exist */
    static void require(BridgeConfig config) {
        Optional<Path> file = config.sqliteFile();
        if (file.isPresent() && !Files.exists(file.get())) {
            throw new ConfigException(List.of("BRIDGE_DB_URL: no database at " + file.get().toAbsolutePath()
                    + (file.get().isAbsolute() ? "" : " (the URL's path is relative to the working directory)")
                    + "; run this where the service runs, or set BRIDGE_DB_URL to the service's database"));
        }
    }
}
