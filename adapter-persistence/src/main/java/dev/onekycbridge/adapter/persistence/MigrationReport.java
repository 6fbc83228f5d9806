package dev.onekycbridge.adapter.persistence;

import java.util.List;

/**
 * What a migration run did.
 *
 * @param previousVersion the schema version found (0 for an empty database)
 * @param currentVersion the schema version now
 * @param applied the scripts applied by this run, in order; empty when the schema was up to date
 */
public record MigrationReport(int previousVersion, int currentVersion, List<String> applied) {
    public MigrationReport {
        applied = List.copyOf(applied);
    }
}
