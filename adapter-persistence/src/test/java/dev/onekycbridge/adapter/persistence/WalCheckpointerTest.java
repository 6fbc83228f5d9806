package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The checkpointer's thread lives as long as the store: a round that fails, even with an Error, is not its last. */
class WalCheckpointerTest {
    @TempDir
    Path folder;

    @Test
    void aRoundThatFailsWithAnErrorDoesNotEndTheCheckpoints() throws Exception {
        Path file = folder.resolve("wal.db");
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = sqlite.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE t (x INTEGER)");
        }
        FailingOnce dataSource = new FailingOnce(sqlite);
        try (DatabaseFileSync sync = DatabaseFileSync.open(file);
             WalCheckpointer checkpointer = new WalCheckpointer(dataSource, sync, "test-checkpointer")) {
            checkpointer.committed();
            await(() -> dataSource.connections.get() >= 1, "the first round");

            checkpointer.committed();
            await(() -> dataSource.connections.get() >= 2, "a round after the one that failed with an Error");
        }
        assertThat(Files.exists(file)).isTrue();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A data source whose first connection fails with an Error, as in a heap spike. */
    private static final class FailingOnce implements DataSource {
        private final DataSource delegate;
        final AtomicInteger connections = new AtomicInteger();

        FailingOnce(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (connections.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("test");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
