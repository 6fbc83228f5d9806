package dev.onekycbridge.adapter.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqlitePersistenceAdapterTest extends PersistenceAdapterTest {
    @TempDir
    Path folder;
    private int databases;

    @Override
    protected TestDatabase createDatabase() {
        return new SqliteTestDatabase(folder.resolve("db-" + ++databases).resolve("bridge.db"));
    }
}
