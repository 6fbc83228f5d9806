package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.CallbackInboxContract;
import dev.onekycbridge.core.port.out.CallbackInbox;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for CallbackInbox against SQLite: a new database file for every test. */
class SqliteCallbackInboxContractTest extends CallbackInboxContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;
    private CallbackInbox another;

    @Override
    protected CallbackInbox newEmptyInbox() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open();
        return adapter.callbackInbox();
    }

    /** A second adapter on the same file: another process's inbox. */
    @Override
    protected CallbackInbox anotherInstance() {
        if (another == null) {
            another = database.open().callbackInbox();
        }
        return another;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
