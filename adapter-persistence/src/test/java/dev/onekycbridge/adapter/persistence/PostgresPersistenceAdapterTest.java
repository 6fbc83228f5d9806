package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresPersistenceAdapterTest extends PersistenceAdapterTest {
    @Override
    protected TestDatabase createDatabase() {
        return PostgresTestDatabase.createOrSkip(PostgresPersistenceAdapterTest.class);
    }

    /**
     * A staging of an image again that waits on the image's chunks already holds its row: the rotation, which
     * locks the row and then the chunks, waits for the staging instead of holding the row the staging needs.
     * (SQLite has one writer: a staging and the rotation never interleave there.)
     */
    @Test
    void aStagingWaitingOnTheImagesChunksDoesNotDeadlockWithTheRotation() throws Exception {
        TestDatabase database = newDatabase();
        PersistenceAdapter oldKey = database.open();
        Submission submission = oldKey.submissionStore().insert(
                TestData.newCertificateRegistration(user("u-1"), T0));
        String image = " where submission_id = '" + submission.id() + "' and kind = 'KTP'";
        oldKey.stagedDocuments().stageAll(submission.id(), Map.of(DocumentKind.KTP,
                DocumentSource.ofBytes(TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 5000))));
        byte[] restaged = TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 7000);
        DataKey newKey = TestDatabase.key("key-2", 2);
        PersistenceAdapter rotating = openWithBothKeys(database, newKey);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("select 1 from staged_document_chunks" + image
                    + " and chunk_index = 0 for update");
            Future<?> staging = threads.submit(() -> oldKey.stagedDocuments().stageAll(submission.id(),
                    Map.of(DocumentKind.KTP, DocumentSource.ofBytes(restaged))));
            awaitWaitsBehind(database, other, 1);
            Future<ReencryptionReport> rotation = threads.submit(() -> rotating.reencrypt(newKey));
            awaitWaitsBehind(database, other, 2);
            other.createStatement().execute("commit");

            staging.get(30, TimeUnit.SECONDS);
            assertThat(rotation.get(30, TimeUnit.SECONDS).stagedImages()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }

        assertRestagedUnder(database, newKey, submission, restaged);
    }

    /** A start waits, and says so every few seconds, while another session holds the migrations' lock. */
    @Test
    void aStartWaitsForTheMigrationLockAnotherSessionHoldsAndThenMigrates() throws Exception {
        TestDatabase database = newDatabase();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("select pg_advisory_xact_lock(" + Migrator.ADVISORY_LOCK_KEY + ")");
            Future<PersistenceAdapter> opening = thread.submit(() -> database.open());
            Thread.sleep(700);
            assertThat(opening).isNotDone();

            other.createStatement().execute("commit");

            assertThat(opening.get(30, TimeUnit.SECONDS).isReady()).isTrue();
        } finally {
            thread.shutdownNow();
        }
    }

    /** Waits until {@code count} sessions wait for {@code holder}, directly or behind one that does. */
    private void awaitWaitsBehind(TestDatabase database, Connection holder, int count)
            throws InterruptedException, SQLException {
        long holderPid;
        try (Statement statement = holder.createStatement();
             ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
            pid.next();
            holderPid = pid.getLong(1);
        }
        String waitsOnHolder = holderPid + " = any(pg_blocking_pids(%s.pid))";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (database.count("select count(*) from pg_stat_activity w where "
                    + waitsOnHolder.formatted("w") + " or exists (select 1 from pg_stat_activity d where "
                    + waitsOnHolder.formatted("d") + " and d.pid = any(pg_blocking_pids(w.pid)))") >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " sessions ever waited");
    }
}
