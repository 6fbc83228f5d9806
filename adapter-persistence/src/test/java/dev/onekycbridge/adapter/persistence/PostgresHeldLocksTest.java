package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.service.CallbackService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.RecordingEventPublisher;
import dev.onekycbridge.core.testing.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A submission's row held by another session's open transaction (an instance cut off mid-write, an operator's
 * query): its writes fail after the lock timeout, the others' go on, and readiness says so while it lasts.
 */
class PostgresHeldLocksTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private PostgresTestDatabase database;
    private PersistenceAdapter adapter;
    private Submission held;
    private Submission free;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.createOrSkip(PostgresHeldLocksTest.class);
        adapter = database.open();
        held = initiatedFor("u-held", "p-held");
        free = initiatedFor("u-free", "p-free");
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private Submission initiatedFor(String userId, String platformId) {
        Submission created = adapter.submissionStore().insert(
                TestData.newCertificateRegistration(user(userId), clock.instant()));
        return adapter.submissionStore().save(initiated(created, platformId, clock.instant()));
    }

    private Connection holdingTheRowOf(Submission submission) throws Exception {
        Connection other = database.rawConnection();
        other.setAutoCommit(false);
        other.createStatement().execute("select 1 from submissions where id = '" + submission.id() + "' for update");
        return other;
    }

    /** Before, the one callback thread waited on the held row, and every other callback behind it. */
    @Test
    void theCallbackWorkerParksTheCallbackOfAHeldSubmissionAndAppliesTheOthers() throws Exception {
        CallbackService callbacks = new CallbackService(adapter.callbackInbox(), new FakeMessageDecoder(),
                adapter.submissionStore(), adapter.stagedDocuments(), new RecordingEventPublisher(),
                CallbackObserver.NONE, clock, new Random(3), WorkflowSettings.DEFAULT, id -> Optional.empty());
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body("p-held", "COMPLETED", "VALID"));
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body("p-free", "COMPLETED", "VALID"));

        try (Connection other = holdingTheRowOf(held)) {
            assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThat(callbacks.processDueCallbacks(10)).isEqualTo(2));

            assertThat(adapter.submissionStore().findById(free.id()).orElseThrow().status())
                    .isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(database.strings("select state from callback_inbox order by id"))
                    .containsExactly("PARKED", "APPLIED");
            other.rollback();
        }
        assertThat(adapter.submissionStore().findById(held.id()).orElseThrow().status())
                .isEqualTo(SubmissionStatus.INITIATED);
    }

    /**
     * The probe's write (to schema_version) succeeds whatever lock is held on a submission: before, it cleared the
     * failure, and readiness said UP and DOWN in turn while the lock lasted.
     */
    @Test
    void readinessSaysWritesFailWhileTheirLockIsHeldUntilSuchAWriteSucceeds() throws Exception {
        try (Connection other = holdingTheRowOf(held)) {
            assertThatThrownBy(() -> adapter.submissionStore().save(held.scheduleAt(clock.instant())))
                    .isInstanceOf(PersistenceException.class);

            for (int probe = 0; probe < 3; probe++) {
                StoreHealth health = adapter.health();
                assertThat(health.ready()).as("probe " + probe).isFalse();
                assertThat(health.details()).containsEntry("writes", "failing: saving a submission failed: another "
                        + "database session held a lock it needed (lock timeout) (SQL state 55P03)");
            }
            other.rollback();
        }

        adapter.submissionStore().save(held.scheduleAt(clock.instant()));

        assertThat(adapter.health().ready()).isTrue();
        assertThat(adapter.health().details()).containsEntry("writes", "succeeding");
    }

    /**
     * A start after a key's removal looks through whole tables for values under it, as a migration rewrites them:
     * before, a lock held past the lock timeout (or a table too large to scan in the statement timeout) stopped
     * the start.
     */
    @Test
    void aStartLookingForValuesUnderARemovedKeyWaitsForALockHeldPastTheLockTimeout() throws Exception {
        DataKey newKey = TestDatabase.key("key-2", 2);
        PersistenceAdapter rotating = database.open(config -> database.config(newKey)
                .withPreviousDataKeys(List.of(TestDatabase.KEY)));
        rotating.reencrypt(newKey);
        rotating.close();
        adapter.close();

        ExecutorService starting = Executors.newSingleThreadExecutor();
        try (Connection other = database.rawConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("lock table callback_inbox in access exclusive mode");
            Future<PersistenceAdapter> opening = starting.submit(() -> database.open(newKey));

            // Held from when the start waits for it, so that the wait lasts past the lock timeout however long
            // the start took to get there.
            awaitASessionWaitingBehind(other, opening);
            Thread.sleep(PostgresSessionLimits.LOCK_TIMEOUT.plusSeconds(3).toMillis());
            assertThat(opening).as("the start, after waiting past the lock timeout").isNotDone();
            other.rollback();

            PersistenceAdapter newKeyOnly = opening.get(30, TimeUnit.SECONDS);
            assertThat(newKeyOnly.submissionStore().findById(held.id())).isPresent();
            assertThat(database.strings("select key_id from data_key_checks")).containsExactly("key-2");
        } finally {
            starting.shutdownNow();
        }
    }

    /** Waits until another session waits for a lock {@code holder} holds, while {@code work} goes on. */
    private void awaitASessionWaitingBehind(Connection holder, Future<?> work) throws Exception {
        long holderPid;
        try (Statement statement = holder.createStatement();
             ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
            pid.next();
            holderPid = pid.getLong(1);
        }
        try (Connection watcher = database.rawConnection(); Statement statement = watcher.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (work.isDone()) {
                    work.get();
                    throw new AssertionError("ended without waiting for the lock");
                }
                try (ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where " + holderPid + " = any(pg_blocking_pids(pid))")) {
                    waiting.next();
                    if (waiting.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no session waited for the lock within 30 s");
    }
}
