package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The commands that work on the service's data (status, reconcile, purge, db reencrypt, fail, and register without
 * --sandbox) need its database to exist. Opening a SQLite file that is not there creates an empty one; with the
 * default URL, relative to the working directory, a command run from another directory would then report no
 * submissions, or every value re-encrypted and the former keys free to destroy, about a file that holds nothing, or
 * send a registration to the platform that the service, and {@code status}, never see.
 *
 * <p>They also need its schema to be this build's, and do not migrate it: a newer build's {@code status}, run
 * before an upgrade, would otherwise change the schema under the service still running the earlier build. Only
 * {@code db migrate} and the service's start migrate. The schema is checked before the store opens the database,
 * which would put an empty SQLite file in WAL mode and make its image folder beside it.
 */
final class ExistingDatabase {
    private ExistingDatabase() {
    }

    /**
     * Opens the service's database as it is.
     *
     * @throws ConfigException naming BRIDGE_DB_URL: when the SQLite file does not exist, or the schema is not
     *     this build's
     */
    static PersistenceAdapter open(BridgeConfig config) {
        require(config);
        DatabaseConfig database = OneKycBridge.databaseConfig(config).withMigrateOnOpen(false);
        int stored = PersistenceAdapter.storedSchemaVersion(database);
        int build = PersistenceAdapter.buildSchemaVersion();
        if (stored == 0) {
            throw schema("the database has no schema yet: run `db migrate` first");
        }
        if (stored < build) {
            throw schema("the database's schema is at version " + stored + ", older than this build's " + build
                    + ": run `db migrate` first (the service migrates when it starts; this command does not, so"
                    + " as not to change the schema under a service of the earlier build)");
        }
        if (stored > build) {
            throw schema("the database's schema is at version " + stored + ", newer than this build's " + build
                    + ": use the build the service runs");
        }
        return OneKycBridge.openStore(database);
    }

    private static ConfigException schema(String problem) {
        return new ConfigException(List.of("BRIDGE_DB_URL: " + problem));
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
