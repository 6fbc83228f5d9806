package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.StagedDocumentsContract;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's contract for StagedDocuments against PostgreSQL: a schema for the class, emptied before every test. */
class PostgresStagedDocumentsContractTest extends StagedDocumentsContract {
    private static PostgresTestDatabase database;
    private static PersistenceAdapter adapter;

    @BeforeAll
    static void createSchema() {
        database = PostgresTestDatabase.createIfAvailable(PostgresStagedDocumentsContractTest.class);
        if (database != null) {
            adapter = database.open();
        }
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        PostgresTestDatabase.skipIfMissing(database);
        database.reset();
        return adapter.stagedDocuments();
    }

    @Override
    protected SubmissionStore submissionsBeside() {
        return adapter.submissionStore();
    }
}
