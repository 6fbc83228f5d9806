package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

class PatientSqliteDataSourceTest {
    @TempDir
    Path folder;

    @Test
    void aConnectionOpenedWhileAnotherProcessHoldsTheFileWaitsForIt() throws Exception {
        Path file = folder.resolve("new.db");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("CREATE TABLE t (x)");
            CompletableFuture<Boolean> opened = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = source(file, Duration.ofSeconds(10)).getConnection()) {
                    return connection.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(opened).isNotDone();

            statement.execute("COMMIT");

            assertThat(opened.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aLockHeldLongerThanItsPatienceIsReportedAsBusy() throws Exception {
        Path file = folder.resolve("held.db");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("CREATE TABLE t (x)");

            assertThatThrownBy(() -> source(file, Duration.ofMillis(200)).getConnection())
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(PatientSqliteDataSource.isBusy(e)).isTrue());
        }
    }

    /** Configured as the adapter configures its own, but with no busy timeout: only the source's patience waits. */
    private static PatientSqliteDataSource source(Path file, Duration patience) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(0); // the driver's own default (3 s) would wait too
        PatientSqliteDataSource source = new PatientSqliteDataSource(config, patience);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }
}
