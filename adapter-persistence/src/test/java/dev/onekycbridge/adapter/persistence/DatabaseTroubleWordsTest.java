package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the database server's trouble is called, in the store's messages, the log and /health/ready. */
class DatabaseTroubleWordsTest {
    @TempDir
    Path folder;

    /** Before, each showed only as its code. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "57P01 | the database server ended the session (an operator, or its shutdown)",
            "57P02 | the database server ended the session after a crash of another",
            "57P03 | the database server takes no connections now (starting, shutting down or recovering)",
            "53300 | the database server has no connection left (max_connections, or the user's or database's limit)",
            "57014 | the statement was cancelled (statement timeout, or an operator cancelled it)",
            "55P03 | another database session held a lock it needed (lock timeout)"})
    void aServerStateIsNamedInWords(String state, String words) {
        assertThat(Database.translate("reading the schema version", new SQLException("FATAL: …", state)))
                .hasMessage("reading the schema version failed: " + words + " (SQL state " + state + ")");
    }

    /** Before, readiness said "unreachable: reading the schema version failed", with no reason. */
    @Test
    void aPoolWithEveryConnectionInUseSaysNoneWasFree() throws SQLException {
        try (SqliteTestDatabase database = SqliteTestDatabase.in(folder)) {
            PersistenceAdapter adapter = database.open(config -> config.withPoolSize(1));
            try (Connection held = adapter.database().dataSource().getConnection()) {
                assertThat(adapter.health().details()).containsEntry("database", "unreachable: reading the schema "
                        + "version failed: no connection was free within 5 s (every one of the pool's was in use)");
            }
        }
    }
}
