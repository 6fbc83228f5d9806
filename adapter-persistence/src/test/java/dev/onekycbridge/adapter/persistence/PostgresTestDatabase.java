package dev.onekycbridge.adapter.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL schema of its own, in the database that {@code BRIDGE_TEST_POSTGRES_URL} names (a JDBC URL with
 * user and password; {@code .ci/postgres.sh} starts one and prints it). Without that variable the PostgreSQL
 * tests are skipped with a message, except when {@code CI=true}, where they fail: CI must run them.
 */
final class PostgresTestDatabase extends TestDatabase {
    static final String URL_VARIABLE = "BRIDGE_TEST_POSTGRES_URL";
    private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

    private final String baseUrl;
    private final String schema;

    private PostgresTestDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /**
     * A new, empty schema for {@code owner}'s test, or a skip of that test (a failure on CI) when there is no
     * PostgreSQL.
     */
    static PostgresTestDatabase createOrSkip(Class<?> owner) {
        PostgresTestDatabase database = createIfAvailable(owner);
        skipIfMissing(database);
        return database;
    }

    /**
     * A new, empty schema for {@code owner}'s tests, or null — after saying so — when there is no PostgreSQL;
     * on CI ({@code CI=true}) a missing PostgreSQL is a failure. Each test then calls {@link #skipIfMissing}, so
     * that every skipped test is counted as skipped.
     */
    static PostgresTestDatabase createIfAvailable(Class<?> owner) {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(URL_VARIABLE + " must be set when CI=true: the PostgreSQL tests may not be skipped "
                        + "on CI (run .ci/postgres.sh first)");
            }
            if (WARNED.add(owner)) {
                System.out.println("[WARNING] " + skipMessage() + " (" + owner.getSimpleName() + ")");
            }
            return null;
        }
        String schema = ("t_" + owner.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema in " + URL_VARIABLE
                    + " (is PostgreSQL running? see .ci/postgres.sh)", e);
        }
        return new PostgresTestDatabase(url, schema);
    }

    /** Skips the running test, with the reason, when {@code database} is missing. */
    static void skipIfMissing(PostgresTestDatabase database) {
        if (database == null) {
            Assumptions.abort(skipMessage());
        }
    }

    private static String skipMessage() {
        return "PostgreSQL tests SKIPPED: " + URL_VARIABLE
                + " is not set; run `bash .ci/postgres.sh` and export the line it prints";
    }

    @Override
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** The error PostgreSQL gives when it cannot extend a table's file on a full disk. */
    @Override
    void refuseWrites(String table) {
        execute("create or replace function refuse_writes() returns trigger language plpgsql as $$ begin "
                        + "raise exception 'could not extend file: No space left on device' using errcode = '53100'; "
                        + "end $$",
                "create trigger refuse_writes before insert or update on " + table
                        + " for each row execute function refuse_writes()");
    }

    @Override
    void allowWrites(String table) {
        execute("drop trigger refuse_writes on " + table);
    }

    @Override
    void reset() {
        execute("truncate table submission_history, submission_documents, submissions, staged_document_chunks, "
                + "staged_documents, callback_inbox restart identity");
    }

    @Override
    public void close() {
        super.close();
        try (Connection connection = DriverManager.getConnection(baseUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test schema " + schema, e);
        }
    }
}
