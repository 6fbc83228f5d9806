package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server, database or role whose default isolation is repeatable read (or serializable), as some shops set
 * with {@code ALTER DATABASE … SET default_transaction_isolation}: the store's optimistic locking relies on read
 * committed, where a save blocked behind another's update of the row finds its version gone (stale) instead of
 * failing to serialize (40001), which the callers took for a database out of reach.
 */
class PostgresTransactionIsolationTest {
    /** The session default as such a server gives it; a long lock timeout, so that the blocked save waits. */
    private static final String REPEATABLE_READ_BY_DEFAULT =
            "options=-c%20default_transaction_isolation=repeatable%5C%20read%20-c%20lock_timeout=60s";

    private final Instant now = Instant.now();
    private PostgresTestDatabase database;
    private PersistenceAdapter adapter;
    private final ExecutorService saving = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.createOrSkip(PostgresTransactionIsolationTest.class);
        adapter = database.open(config -> DatabaseConfig.of(database.url() + "&" + REPEATABLE_READ_BY_DEFAULT,
                TestDatabase.KEY));
    }

    @AfterEach
    void close() {
        saving.shutdownNow();
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theSessionsOfThePoolReadCommittedWhateverTheServersDefault() {
        String isolation = adapter.database().read("reading the isolation",
                ctx -> String.valueOf(ctx.fetchValue("show transaction_isolation")));
        assertThat(isolation).isEqualTo("read committed");
    }

    @Test
    void aSaveBlockedBehindAnotherSessionsUpdateOfTheRowIsStale() throws Exception {
        Submission created = adapter.submissionStore().insert(
                TestData.newCertificateRegistration(user("u-iso"), now));
        Submission loaded = adapter.submissionStore().findById(created.id()).orElseThrow();

        Future<Submission> save;
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            try (Statement update = other.createStatement()) {
                update.executeUpdate("update submissions set version = version + 1 where id = '" + created.id()
                        + "'");
            }
            save = saving.submit(() -> adapter.submissionStore().save(initiated(loaded, "p-iso", now)));
            awaitBlockedBy(other);
            other.commit();
        }

        assertThatThrownBy(() -> result(save)).isInstanceOf(StaleSubmissionException.class);
    }

    /** Until a session of the pool waits for a lock {@code holder} holds. */
    private void awaitBlockedBy(Connection holder) throws Exception {
        int pid;
        try (Statement statement = holder.createStatement();
             ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            pid = row.getInt(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = database.rawConnection();
             PreparedStatement blocked = watcher.prepareStatement(
                     "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
            blocked.setInt(1, pid);
            while (true) {
                try (ResultSet count = blocked.executeQuery()) {
                    count.next();
                    if (count.getInt(1) > 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("a save blocked behind the update").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static Submission result(Future<Submission> save) throws Throwable {
        try {
            return save.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }
}
