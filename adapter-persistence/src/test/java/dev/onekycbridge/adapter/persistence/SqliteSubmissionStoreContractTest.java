package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.SubmissionStoreContract;
import dev.onekycbridge.core.port.out.SubmissionStore;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for SubmissionStore against SQLite: a new database file for every test. */
class SqliteSubmissionStoreContractTest extends SubmissionStoreContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;
    private SubmissionStore anotherReader;

    @Override
    protected Ports newEmptyStore() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open();
        return new Ports(adapter.submissionStore(), adapter.dueSubmissions(), adapter.submissionCatalog());
    }

    /** A second adapter on the same file: another process's view, or this one's after a restart. */
    @Override
    protected SubmissionStore anotherReader() {
        if (anotherReader == null) {
            anotherReader = database.open().submissionStore();
        }
        return anotherReader;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
