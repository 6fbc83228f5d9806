package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.SubmissionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's contract for SubmissionStore against PostgreSQL: a schema for the class, emptied before every test. */
class PostgresSubmissionStoreContractTest extends SubmissionStoreContract {
    private static PostgresTestDatabase database;
    private static PersistenceAdapter adapter;
    /** A second instance on the same schema. */
    private static PersistenceAdapter another;

    @BeforeAll
    static void createSchema() {
        database = PostgresTestDatabase.createIfAvailable(PostgresSubmissionStoreContractTest.class);
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
    protected Ports newEmptyStore() {
        PostgresTestDatabase.skipIfMissing(database);
        database.reset();
        return ports(adapter);
    }

    @Override
    protected Ports anotherInstance() {
        return ports(another);
    }

    private static Ports ports(PersistenceAdapter adapter) {
        return new Ports(adapter.submissionStore(), adapter.dueSubmissions(), adapter.submissionCatalog());
    }
}
