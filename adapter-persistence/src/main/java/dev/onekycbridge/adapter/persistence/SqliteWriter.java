package dev.onekycbridge.adapter.persistence;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The one thread that writes to a SQLite database, committing the writes that queued up while it was busy in one
 * transaction (group commit).
 *
 * <p>SQLite allows one writer at a time, so concurrent writers only ever waited for each other; handing the lock
 * from thread to thread cost a thread switch per write and each write paid for its own commit. Here a caller
 * queues its work and waits; the writer takes everything queued (up to {@link #MAX_BATCH}), runs each piece once,
 * in a savepoint of one transaction, commits, and only then answers each caller: with its result, or with the
 * exception its own work threw (its savepoint rolled back, the others kept). If the commit fails, every caller of
 * the batch gets the failure and nothing of it is stored. So a caller sees exactly what it saw with one
 * transaction of its own, and nothing it was told is stored can be lost.
 *
 * <p>Another process's lock on the file is waited for up to {@link Database#SQLITE_BUSY_TIMEOUT} counted from when
 * each write was queued, not from when its batch began: a batch waits only as long as its oldest write has left,
 * and the writes whose time has run out fail with the lock's failure while the others wait on. Writes queued while
 * a batch waited would otherwise wait the whole timeout again, about twice as long as documented.
 */
final class SqliteWriter implements AutoCloseable {
    /** Bounds one transaction's size, and so the time its callers wait for the commit. */
    static final int MAX_BATCH = 64;
    /** The step in which the wait for another process's lock is set: see {@link #lockWaitMillis}. */
    static final long LOCK_WAIT_STEP_MILLIS = 100;

    private final WriterConnection connection;
    private final Runnable afterCommit;
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    /** When (by {@link System#nanoTime}) the wait for another process's lock began; 0 while none is waited for. */
    private volatile long lockWaitSince;
    private volatile boolean closed;

    SqliteWriter(WriterConnection connection, String name, Runnable afterCommit) {
        this.connection = connection;
        this.afterCommit = afterCommit;
        this.thread = new Thread(this::run, name);
        // A process that exits without closing the adapter must not hang on this thread; SQLite's journal makes
        // an interrupted transaction vanish whole.
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} in a transaction of the writer's and returns what it returned, once that is committed. */
    <T> T write(String operation, Function<DSLContext, T> work) {
        return write(operation, work, Database.SQLITE_BUSY_TIMEOUT, false);
    }

    /**
     * A {@link #write} that gives up once {@code patience} has passed since it was queued, also while writes ahead
     * of it run: for a check that must answer promptly (readiness), not for a write whose loss matters.
     */
    <T> T writeOrGiveUp(String operation, Duration patience, Function<DSLContext, T> work) {
        return write(operation, work, patience, true);
    }

    private <T> T write(String operation, Function<DSLContext, T> work, Duration lockWait, boolean mayGiveUp) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(operation + ": a write cannot start another write");
        }
        PendingWrite<T> pending = new PendingWrite<>(operation, work, lockWait);
        if (closed) {
            throw new PersistenceException(operation + " failed: the database is closed", null);
        }
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            throw new PersistenceException(operation + " failed: the database is closed", null);
        }
        if (mayGiveUp && !pending.awaitUntilDeadline() && pending.abandon()) {
            throw new PersistenceException(operation + " failed: " + (lockWaitSince != 0
                    ? "the database file is locked by another process, and the writes ahead of it wait for it"
                    : "the writes ahead of it took longer than " + lockWait.toMillis() + " ms"), null);
        }
        return pending.await();
    }

    private void run() {
        List<PendingWrite<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                PendingWrite<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(pending -> !pending.start());
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            } catch (InterruptedException e) {
                // Only close() interrupts, and only after the queue has drained.
                return;
            } catch (Throwable unexpected) {
                batch.forEach(pending -> pending.fail(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<PendingWrite<?>> batch) {
        try {
            DSLContext ctx = connection.dsl();
            if (!begin(batch)) {
                return;
            }
            if (batch.size() == 1) {
                // Alone in its transaction: its failure rolls the transaction back, no savepoint needed.
                batch.get(0).runIn(ctx);
            } else {
                for (PendingWrite<?> pending : batch) {
                    pending.runInSavepoint(ctx, connection);
                }
            }
            connection.commit();
            transactions.incrementAndGet();
            batch.forEach(PendingWrite::finish);
            afterCommit.run();
        } catch (Throwable failure) {
            connection.rollback();
            for (PendingWrite<?> pending : batch) {
                pending.fail(pending.failure != null ? pending.failure : failure);
            }
        }
    }

    /**
     * Begins the batch's transaction, waiting for another process's lock only as long as the batch's oldest write
     * has left. When that runs out, the writes whose time is up fail with the lock's failure (removed from the
     * batch) and the others wait on; false once none is left.
     */
    private boolean begin(List<PendingWrite<?>> batch) throws SQLException {
        lockWaitSince = System.nanoTime();
        try {
            while (true) {
                long now = System.nanoTime();
                long left = batch.stream().mapToLong(pending -> pending.deadline - now).min().orElse(0);
                try {
                    connection.begin(lockWaitMillis(left));
                    return true;
                } catch (SQLException e) {
                    if (!PatientSqliteDataSource.isBusy(e)) {
                        throw e;
                    }
                    long after = System.nanoTime();
                    batch.removeIf(pending -> {
                        boolean timeUp = after - pending.deadline >= 0;
                        if (timeUp) {
                            pending.fail(e);
                        }
                        return timeUp;
                    });
                    if (batch.isEmpty()) {
                        return false;
                    }
                }
            }
        } finally {
            lockWaitSince = 0;
        }
    }

    /**
     * The wait for another process's lock, in whole tenths of a second: the connection's busy timeout is set again
     * only when this changes, which for writes queued a moment ago (nearly all) it does not. Set to the millisecond,
     * it changed with every batch, and a statement more per transaction cost the writer a tenth of its throughput.
     */
    static long lockWaitMillis(long leftNanos) {
        long millis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(leftNanos));
        return millis - millis % LOCK_WAIT_STEP_MILLIS;
    }

    /** Writes waiting for the writer, not counting those it is running. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far: fewer than the writes when writes were grouped. */
    long transactions() {
        return transactions.get();
    }

    /** Stops taking writes, finishes those already queued, and ends the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(Database.SQLITE_BUSY_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        connection.close();
        PendingWrite<?> left;
        while ((left = queue.poll()) != null) {
            left.fail(new PersistenceException(left.operation + " failed: the database is closed", null));
        }
    }

    /** One caller's work, its outcome, and the caller waiting for it. */
    private static final class PendingWrite<T> {
        private static final int QUEUED = 0;
        private static final int STARTED = 1;
        private static final int ABANDONED = 2;

        private final String operation;
        private final Function<DSLContext, T> work;
        /** Until when (by {@link System#nanoTime}) it may wait for another process's lock, from its queueing. */
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        private T result;
        private Throwable failure;
        private Throwable outcome;

        PendingWrite(String operation, Function<DSLContext, T> work, Duration lockWait) {
            this.operation = operation;
            this.work = work;
            this.deadline = System.nanoTime() + lockWait.toNanos();
        }

        /** Whether the writer may run it: false once its caller gave up waiting before it started. */
        boolean start() {
            return state.compareAndSet(QUEUED, STARTED);
        }

        /** Whether its caller gave it up before the writer started it. */
        boolean abandon() {
            return state.compareAndSet(QUEUED, ABANDONED);
        }

        /** Waits for its outcome until its deadline; whether it came. */
        boolean awaitUntilDeadline() {
            try {
                return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void runIn(DSLContext ctx) {
            result = work.apply(ctx);
        }

        /** Runs the work in a savepoint; its failure is kept for its caller and undoes its changes alone. */
        void runInSavepoint(DSLContext ctx, WriterConnection connection) throws SQLException {
            connection.savepoint();
            try {
                result = work.apply(ctx);
            } catch (RuntimeException | Error e) {
                failure = e;
                connection.rollbackToSavepoint();
                return;
            }
            connection.releaseSavepoint();
        }

        void finish() {
            outcome = failure;
            done.countDown();
        }

        void fail(Throwable e) {
            outcome = e;
            done.countDown();
        }

        T await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        done.await();
                        break;
                    } catch (InterruptedException e) {
                        if (state.compareAndSet(QUEUED, ABANDONED)) {
                            Thread.currentThread().interrupt();
                            throw new PersistenceException(operation + " was interrupted while waiting to write", e);
                        }
                        // Already running: its outcome must be reported, or the caller could not know it was stored.
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (outcome == null) {
                return result;
            }
            if (outcome instanceof DataAccessException e) {
                throw Database.translate(operation, e);
            }
            if (outcome instanceof SQLException e) {
                throw Database.translate(operation, e);
            }
            if (outcome instanceof RuntimeException e) {
                throw e;
            }
            if (outcome instanceof Error e) {
                throw e;
            }
            throw new PersistenceException(operation + " failed", outcome);
        }
    }
}
