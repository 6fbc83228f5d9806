package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db reencrypt} beside a running service on SQLite: each batch of the rotation holds the whole database,
 * and the service, another process, waits for the write lock in SQLite's busy handler, which looks again only now
 * and then. Batches that followed each other at once left it no moment to find the lock free.
 */
class SqliteKeyRotationTest {
    /** Submissions enough for five batches; the rotation moves them first. */
    private static final int SUBMISSIONS = 1000;

    @TempDir
    Path folder;
    private SqliteTestDatabase database;

    @BeforeEach
    void fillDatabase() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter service = database.open();
        for (int i = 0; i < SUBMISSIONS; i++) {
            service.submissionStore().insert(TestData.newIdentityVerification(user("u-" + i), T0));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * The service holds the lock for a second as the rotation's first batch asks for it: once that batch is
     * committed, the database stays free for about as long, so that a write that does not wait at all, sent a fifth
     * of that time later, gets it while values are still left under the old key. Batches that followed each other
     * at once (a few milliseconds apart, each taking far longer) held it at that moment.
     */
    @Test
    void afterEachBatchTheLockIsFreeForAnotherWriteWhileValuesAreLeftUnderTheOldKey() throws Exception {
        DataKey newKey = TestDatabase.key("key-2", 2);
        PersistenceAdapter rotating = database.open(config -> database.config(newKey)
                .withPreviousDataKeys(List.of(TestDatabase.KEY)));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection service = database.rawConnection(); Statement statement = service.createStatement()) {
            statement.execute("begin immediate");
            Future<ReencryptionReport> rotation = thread.submit(() -> rotating.reencrypt(newKey));
            awaitRotationWaitingForTheLock();
            Thread.sleep(1000);
            statement.execute("commit");
            awaitFirstBatch();
            Thread.sleep(200);

            statement.execute("pragma busy_timeout = 0");
            statement.execute("begin immediate");
            long left;
            try (ResultSet rows = statement.executeQuery(
                    "select count(*) from submissions where data_key_id = 'key-1'")) {
                rows.next();
                left = rows.getLong(1);
            }
            statement.execute("commit");

            assertThat(left).isPositive();
            assertThat(rotation.get(60, TimeUnit.SECONDS).submissions()).isEqualTo(SUBMISSIONS);
        } finally {
            thread.shutdownNow();
        }
        assertThat(database.count("select count(*) from submissions where data_key_id = 'key-2'"))
                .isEqualTo(SUBMISSIONS);
    }

    private static void awaitRotationWaitingForTheLock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName()
                .equals("onekyc-bridge-sqlite-writer") && t.getState() == Thread.State.RUNNABLE
                && Arrays.stream(t.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("begin")))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the rotation never tried to write");
            }
            Thread.sleep(5);
        }
    }

    private void awaitFirstBatch() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (database.count("select count(*) from submissions where data_key_id = 'key-2'") == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the rotation committed no batch");
            }
            Thread.sleep(2);
        }
    }
}
