package dev.onekycbridge.adapter.persistence;

import java.sql.SQLException;
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
 */
final class SqliteWriter implements AutoCloseable {
    /** Bounds one transaction's size, and so the time its callers wait for the commit. */
    static final int MAX_BATCH = 64;

    private final WriterConnection connection;
    private final Runnable afterCommit;
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
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
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(operation + ": a write cannot start another write");
        }
        PendingWrite<T> pending = new PendingWrite<>(operation, work);
        if (closed) {
            throw new PersistenceException(operation + " failed: the database is closed", null);
        }
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            throw new PersistenceException(operation + " failed: the database is closed", null);
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
            connection.begin();
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
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        private T result;
        private Throwable failure;
        private Throwable outcome;

        PendingWrite(String operation, Function<DSLContext, T> work) {
            this.operation = operation;
            this.work = work;
        }

        /** Whether the writer may run it: false once its caller gave up waiting before it started. */
        boolean start() {
            return state.compareAndSet(QUEUED, STARTED);
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
