package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.StagedDocumentsContract;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for StagedDocuments against SQLite: a new database file for every test. */
class SqliteStagedDocumentsContractTest extends StagedDocumentsContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;
    private PersistenceAdapter adapter;

    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        database = SqliteTestDatabase.in(folder);
        adapter = database.open(this::configure);
        return adapter.stagedDocuments();
    }

    @Override
    protected SubmissionStore submissionsBeside() {
        return adapter.submissionStore();
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
