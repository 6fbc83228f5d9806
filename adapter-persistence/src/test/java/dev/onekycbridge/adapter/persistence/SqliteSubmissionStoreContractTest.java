package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.SubmissionStoreContract;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for SubmissionStore against SQLite: a new database file for every test. */
class SqliteSubmissionStoreContractTest extends SubmissionStoreContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;

    @Override
    protected Ports newEmptyStore() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open();
        return new Ports(adapter.submissionStore(), adapter.dueSubmissions(), adapter.submissionCatalog());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
