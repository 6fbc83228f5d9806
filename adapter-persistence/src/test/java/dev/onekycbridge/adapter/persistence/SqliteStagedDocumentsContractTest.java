package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.StagedDocumentsContract;
import dev.onekycbridge.core.port.out.StagedDocuments;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for StagedDocuments against SQLite: a new database file for every test. */
class SqliteStagedDocumentsContractTest extends StagedDocumentsContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;

    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open(this::configure);
        return adapter.stagedDocuments();
    }

    /** The configuration the store opens with: images in the database, in chunks. */
    DatabaseConfig configure(DatabaseConfig config) {
        return config;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
