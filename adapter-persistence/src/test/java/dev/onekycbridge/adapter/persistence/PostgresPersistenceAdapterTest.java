package dev.onekycbridge.adapter.persistence;

class PostgresPersistenceAdapterTest extends PersistenceAdapterTest {
    @Override
    protected TestDatabase createDatabase() {
        return PostgresTestDatabase.createOrSkip(PostgresPersistenceAdapterTest.class);
    }
}
