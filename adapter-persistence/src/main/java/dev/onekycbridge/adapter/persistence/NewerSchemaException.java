package dev.onekycbridge.adapter.persistence;

/**
 * The database's schema is newer than this build's: a newer build migrated it. Not a fault of the database but of
 * the pairing, so callers may tell it apart from the other migration failures.
 */
public final class NewerSchemaException extends MigrationException {
    NewerSchemaException(int storedVersion, int buildVersion) {
        super("the database schema is at version " + storedVersion + ", newer than this build's " + buildVersion
                + ": run a newer build");
    }
}
