package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server that stops answering, or a lock another session holds, fails the store's work within the
 * pool's session limits instead of holding its thread; a schema migration is not cut off by them.
 */
class PostgresSessionLimitsTest {
    private PostgresTestDatabase database;

    @BeforeEach
    void createSchema() {
        database = PostgresTestDatabase.createOrSkip(PostgresSessionLimitsTest.class);
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void thePoolsSessionsTakeTheDefaultLimits() throws SQLException {
        PersistenceAdapter adapter = database.open();

        try (Connection connection = adapter.database().dataSource().getConnection()) {
            assertThat(setting(connection, "statement_timeout")).isEqualTo("10s");
            assertThat(setting(connection, "lock_timeout")).isEqualTo("3s");
            assertThat(setting(connection, "idle_in_transaction_session_timeout")).isEqualTo("1min");
            assertThat(connection.getNetworkTimeout()).isEqualTo(15_000);
        }
    }

    @Test
    void theUrlsOwnSettingsWinOverTheDefaults() throws SQLException {
        String url = database.url() + "&socketTimeout=30&options=-c%20lock_timeout%3D7s";
        PersistenceAdapter adapter = database.open(config -> DatabaseConfig.of(url, TestDatabase.KEY));

        try (Connection connection = adapter.database().dataSource().getConnection()) {
            assertThat(setting(connection, "lock_timeout")).isEqualTo("7s");
            assertThat(setting(connection, "statement_timeout")).isEqualTo("10s");
            assertThat(connection.getNetworkTimeout()).isEqualTo(30_000);
        }
    }

    /** Before, the read waited on the socket for as long as the network stayed frozen (minutes). */
    @Test
    void aReadFromAServerThatStopsAnsweringFailsWithinTheSocketTimeout() throws Exception {
        database.open();
        try (FreezingProxy proxy = FreezingProxy.to(database.url())) {
            PersistenceAdapter adapter = database.open(config -> DatabaseConfig.of(proxy.url(database.url()),
                    TestDatabase.KEY));
            Submission stored = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            adapter.submissionStore().findById(stored.id());
            proxy.freeze();
            long start = System.nanoTime();

            // Within the pool's 500 ms of trust the connection just used is lent again unchecked: the read meets the
            // frozen server itself.
            assertTimeoutPreemptively(Duration.ofSeconds(40), () -> assertThatThrownBy(
                    () -> adapter.submissionStore().findById(stored.id()))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("finding a submission failed: the database stopped answering"));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(PostgresSessionLimits.SOCKET_TIMEOUT.plusSeconds(5));
        }
    }

    /** Before, the save waited for as long as the other session held its lock. */
    @Test
    void aWriteBehindAnotherSessionsLockFailsAfterTheLockTimeout() throws Exception {
        PersistenceAdapter adapter = database.open();
        Submission stored = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("select 1 from submissions where id = '" + stored.id() + "' for update");
            long start = System.nanoTime();

            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> adapter.submissionStore().save(stored.scheduleAt(T0.plusSeconds(60))))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("saving a submission failed: another database session held a lock it "
                            + "needed (lock timeout) (SQL state 55P03)"));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(PostgresSessionLimits.LOCK_TIMEOUT, PostgresSessionLimits.STATEMENT_TIMEOUT);
            other.rollback();
        }
    }

    /** A migration may wait behind a lock, and run, longer than any of the service's statements may. */
    @Test
    void aMigrationWaitsForALockHeldLongerThanTheLockTimeout() throws Exception {
        PersistenceAdapter adapter = database.open();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("lock table schema_version in access exclusive mode");
            Future<MigrationReport> migrating = thread.submit(() -> new Migrator(adapter.database()).migrate());
            Thread.sleep(PostgresSessionLimits.LOCK_TIMEOUT.plusSeconds(1).toMillis());
            assertThat(migrating).isNotDone();

            other.rollback();

            assertThat(migrating.get(30, TimeUnit.SECONDS).applied()).isEmpty();
        } finally {
            thread.shutdownNow();
        }
        try (Connection connection = adapter.database().dataSource().getConnection()) {
            assertThat(setting(connection, "lock_timeout")).as("lifted for the migration's transaction only")
                    .isEqualTo("3s");
            assertThat(connection.getNetworkTimeout()).isEqualTo(15_000);
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet value = statement.executeQuery("show " + name)) {
            value.next();
            return value.getString(1);
        }
    }
}
