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
    private Ports another;

    @Override
    protected Ports newEmptyStore() {
        database = SqliteTestDatabase.in(folder);
        return ports(database.open());
    }

    /** A second adapter on the same file: another process's view, or this one's after a restart. */
    @Override
    protected Ports anotherInstance() {
        if (another == null) {
            another = ports(database.open());
        }
        return another;
    }

    private static Ports ports(PersistenceAdapter adapter) {
        return new Ports(adapter.submissionStore(), adapter.dueSubmissions(), adapter.submissionCatalog());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
