package dev.onekycbridge.adapter.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A SQLite database file of its own, in a test's temporary folder. */
final class SqliteTestDatabase extends TestDatabase {
    private final Path file;

    SqliteTestDatabase(Path file) {
        this.file = file;
    }

    static SqliteTestDatabase in(Path folder) {
        return new SqliteTestDatabase(folder.resolve("bridge.db"));
    }

    Path file() {
        return file;
    }

    @Override
    String url() {
        return "jdbc:sqlite:" + file;
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** SQLite fails the statement whose trigger reads malformed JSON, as it runs (SQLITE_ERROR). */
    @Override
    void refuseWrites(String table) {
        for (String event : new String[] {"insert", "update"}) {
            execute("create trigger refuse_" + event + "_" + table + " before " + event + " on " + table
                    + " begin select json('{'); end");
        }
    }

    @Override
    void allowWrites(String table) {
        execute("drop trigger refuse_insert_" + table, "drop trigger refuse_update_" + table);
    }
}
