package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.onekycbridge.adapter.persistence.BlockedWriter.awaitTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on SQLite: writes queued together share a transaction, and each caller still sees exactly the
 * outcome of its own work, reported only once it is committed.
 */
class SqliteWriterTest {
    @TempDir
    Path folder;

    private Database database;
    private SqliteWriter writer;
    private ExecutorService callers;

    @BeforeEach
    void openScratchDatabase() {
        database = Database.open(DatabaseConfig.of(SqliteTestDatabase.in(folder).url(), TestDatabase.KEY));
        writer = new SqliteWriter(new WriterConnection(database.dataSource(), org.jooq.SQLDialect.SQLITE,
                new org.jooq.conf.Settings()), "test-writer", () -> { });
        writer.write("creating tables", ctx -> {
            ctx.execute("create table note (id integer primary key, text varchar(20) not null)");
            ctx.execute("create table parent (id integer primary key)");
            ctx.execute("create table child (id integer primary key, parent_id integer not null"
                    + " references parent (id) deferrable initially deferred)");
            return null;
        });
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        writer.close();
        database.close();
    }

    @Test
    void writesThatQueueWhileTheWriterIsBusyAreCommittedTogetherAndEachCallerGetsItsOwnResult() throws Exception {
        CountDownLatch release = BlockedWriter.block(writer, callers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            int id = i;
            results.add(callers.submit(() -> writer.write("inserting a note", ctx ->
                    ctx.execute("insert into note (id, text) values (?, ?)", id, "note " + id) * id)));
        }
        awaitTrue(() -> writer.queued() == 20);
        long before = writer.transactions();

        release.countDown();

        for (int i = 1; i <= 20; i++) {
            assertThat(results.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(count("select count(*) from note")).isEqualTo(20);
        // One transaction for the blocking write, one for the 20 that queued behind it.
        assertThat(writer.transactions() - before).isEqualTo(2);
    }

    @Test
    void aWriteThatFailsIsUndoneAloneAndItsCallerGetsItsOwnException() throws Exception {
        CountDownLatch release = BlockedWriter.block(writer, callers);
        IllegalStateException refusal = new IllegalStateException("refused by the work itself");
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        Future<Integer> before = callers.submit(() -> writer.write("first", ctx -> {
            runs.incrementAndGet();
            return ctx.execute("insert into note (id, text) values (1, 'kept')");
        }));
        awaitTrue(() -> writer.queued() == 1);
        Future<Integer> failing = callers.submit(() -> writer.write("second", ctx -> {
            ctx.execute("insert into note (id, text) values (2, 'undone')");
            throw refusal;
        }));
        awaitTrue(() -> writer.queued() == 2);
        Future<Integer> after = callers.submit(() -> writer.write("third", ctx ->
                ctx.execute("insert into note (id, text) values (3, 'kept')")));
        awaitTrue(() -> writer.queued() == 3);

        release.countDown();

        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).cause().isSameAs(refusal);
        assertThat(count("select count(*) from note where text = 'kept'")).isEqualTo(2);
        assertThat(count("select count(*) from note where id = 2")).isZero();
        assertThat(runs).as("each write runs once, whatever the others do").hasValue(1);
    }

    @Test
    void aSqlErrorInOneWriteReachesItsCallerAsAPersistenceExceptionNamingItsOperation() throws Exception {
        writer.write("seeding", ctx -> ctx.execute("insert into note (id, text) values (1, 'first')"));
        CountDownLatch release = BlockedWriter.block(writer, callers);
        Future<Integer> duplicate = callers.submit(() -> writer.write("inserting a duplicate note", ctx ->
                ctx.execute("insert into note (id, text) values (1, 'again')")));
        awaitTrue(() -> writer.queued() == 1);
        Future<Integer> other = callers.submit(() -> writer.write("inserting another note", ctx ->
                ctx.execute("insert into note (id, text) values (2, 'second')")));
        awaitTrue(() -> writer.queued() == 2);

        release.countDown();

        assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(PersistenceException.class)
                .hasMessageStartingWith("inserting a duplicate note failed: a constraint was violated")
                .satisfies(e -> assertThat(((PersistenceException) e).isConstraintViolation()).isTrue());
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(count("select count(*) from note")).isEqualTo(2);
    }

    @Test
    void whenTheCommitFailsNoCallerOfTheTransactionIsToldItsWriteWasStored() throws Exception {
        CountDownLatch release = BlockedWriter.block(writer, callers);
        Future<Integer> innocent = callers.submit(() -> writer.write("inserting a note", ctx ->
                ctx.execute("insert into note (id, text) values (1, 'lost')")));
        awaitTrue(() -> writer.queued() == 1);
        // A deferred foreign key is checked at commit: the whole transaction is refused there.
        Future<Integer> orphan = callers.submit(() -> writer.write("inserting an orphan", ctx ->
                ctx.execute("insert into child (id, parent_id) values (1, 42)")));
        awaitTrue(() -> writer.queued() == 2);

        release.countDown();

        assertThatThrownBy(() -> innocent.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(PersistenceException.class).hasMessageStartingWith("inserting a note failed");
        assertThatThrownBy(() -> orphan.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(PersistenceException.class).hasMessageStartingWith("inserting an orphan failed");
        assertThat(count("select count(*) from note")).isZero();
        assertThat(count("select count(*) from child")).isZero();
        // The writer carries on.
        int inserted = writer.write("inserting a note", ctx ->
                ctx.execute("insert into note (id, text) values (1, 'stored')"));
        assertThat(inserted).isEqualTo(1);
    }

    @Test
    void aCallerInterruptedWhileItsWriteWaitsGivesUpAndTheWriteNeverRuns() throws Exception {
        CountDownLatch release = BlockedWriter.block(writer, callers);
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch failed = new CountDownLatch(1);
        List<Throwable> thrown = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                writer.write("a write given up", ctx -> {
                    ran.set(true);
                    return null;
                });
            } catch (RuntimeException e) {
                synchronized (thrown) {
                    thrown.add(e);
                    thrown.add(Thread.currentThread().isInterrupted() ? new InterruptedException() : null);
                }
                failed.countDown();
            }
        });
        caller.start();
        awaitTrue(() -> writer.queued() == 1);

        caller.interrupt();
        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        writer.write("a later write", ctx -> null);

        assertThat(ran).isFalse();
        assertThat(thrown.get(0)).isInstanceOf(PersistenceException.class)
                .hasMessage("a write given up was interrupted while waiting to write");
        assertThat(thrown.get(1)).as("the interrupt is kept").isInstanceOf(InterruptedException.class);
    }

    @Test
    void aWriteCannotStartAnotherWriteBecauseItWouldWaitForItself() {
        assertThatThrownBy(() -> writer.write("outer", ctx -> writer.write("inner", inner -> null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("inner: a write cannot start another write");
    }

    @Test
    void closingFinishesTheQueuedWritesAndRefusesNewOnes() throws Exception {
        CountDownLatch release = BlockedWriter.block(writer, callers);
        Future<Integer> queued = callers.submit(() -> writer.write("inserting a note", ctx ->
                ctx.execute("insert into note (id, text) values (1, 'queued')")));
        awaitTrue(() -> writer.queued() == 1);
        Future<?> closing = callers.submit(writer::close);

        release.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(count("select count(*) from note")).isEqualTo(1);
        assertThatThrownBy(() -> writer.write("a write after close", ctx -> null))
                .isInstanceOf(PersistenceException.class)
                .hasMessage("a write after close failed: the database is closed");
    }

    @Test
    void theAdapterWritesThroughItsWriterSoConcurrentCallbacksAreAllStored() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder.resolve("adapter")).open()) {
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                appends.add(callers.submit(() -> adapter.callbackInbox().append(
                        dev.onekycbridge.core.callback.CallbackChannel.ESIGN, "{\"n\":" + n + "}",
                        java.time.Instant.EPOCH)));
            }
            for (Future<?> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }
            assertThat(adapter.callbackInbox().countByState())
                    .containsEntry(dev.onekycbridge.core.callback.InboxState.PENDING, 200L);
        }
    }

    /**
     * Before, a write queued while the batch ahead waited for another process's lock waited the whole busy timeout
     * again once that batch failed: about 20 s, not the 10 s documented.
     */
    @Test
    void aWriteQueuedBehindABatchWaitingForAnotherProcesssLockFailsWithinTheBusyTimeoutOfItsQueueing()
            throws Exception {
        try (java.sql.Connection other = java.sql.DriverManager.getConnection(SqliteTestDatabase.in(folder).url());
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("begin immediate");
            Future<Integer> ahead = callers.submit(() -> writer.write("inserting a note", ctx ->
                    ctx.execute("insert into note (id, text) values (1, 'ahead')")));
            Thread.sleep(200); // the writer has taken it, and waits for the lock
            long queuedAt = System.nanoTime();
            Future<Integer> behind = callers.submit(() -> writer.write("inserting another note", ctx ->
                    ctx.execute("insert into note (id, text) values (2, 'behind')")));

            assertThatThrownBy(() -> ahead.get(15, TimeUnit.SECONDS)).hasMessageContaining("inserting a note failed:"
                    + " the database file stayed locked by another process for 10 s");
            assertThatThrownBy(() -> behind.get(15, TimeUnit.SECONDS)).hasMessageContaining("inserting another note"
                    + " failed: the database file stayed locked by another process for 10 s");
            // Within the busy timeout, with a few seconds for a busy machine: waiting it again took twice as long.
            assertThat(Duration.ofNanos(System.nanoTime() - queuedAt))
                    .isLessThan(Database.SQLITE_BUSY_TIMEOUT.plusSeconds(4));
            statement.execute("rollback");
        }
        // The lock gone, the writer writes again.
        Integer inserted = writer.write("inserting a note", ctx -> ctx.execute("insert into note (id, text) values"
                + " (3, 'after')"));
        assertThat(inserted).isEqualTo(1);
    }

    private long count(String sql) {
        return ((Number) database.dsl().fetchValue(sql)).longValue();
    }

    /** Writes queued a moment ago all wait the same, so the connection's busy timeout is not set for each batch. */
    @Test
    void theLockWaitOfWritesQueuedWithinATenthOfASecondOfEachOtherIsTheSame() {
        long timeout = Database.SQLITE_BUSY_TIMEOUT.toNanos();

        assertThat(SqliteWriter.lockWaitMillis(timeout - 1)).isEqualTo(SqliteWriter.lockWaitMillis(timeout - 90_000_000))
                .isEqualTo(Database.SQLITE_BUSY_TIMEOUT.toMillis() - 100);
        assertThat(SqliteWriter.lockWaitMillis(250_000_000)).isEqualTo(200);
        assertThat(SqliteWriter.lockWaitMillis(99_000_000)).isZero();
        assertThat(SqliteWriter.lockWaitMillis(-5)).isZero();
    }
}
