package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.CallbackInboxContract;
import dev.onekycbridge.core.port.out.CallbackInbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's contract for CallbackInbox against PostgreSQL: a schema for the class, emptied before every test. */
class PostgresCallbackInboxContractTest extends CallbackInboxContract {
    private static PostgresTestDatabase database;
    private static PersistenceAdapter adapter;
    /** A second instance on the same schema. */
    private static PersistenceAdapter another;

    @BeforeAll
    static void createSchema() {
        database = PostgresTestDatabase.createIfAvailable(PostgresCallbackInboxContractTest.class);
        if (database != null) {
            adapter = database.open();
            another = database.open();
        }
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected CallbackInbox newEmptyInbox() {
        PostgresTestDatabase.skipIfMissing(database);
        database.reset();
        return adapter.callbackInbox();
    }

    @Override
    protected CallbackInbox anotherInstance() {
        return another.callbackInbox();
    }
}
