package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Copies the WAL of a SQLite database back into the database file on a thread of its own. Left to SQLite, the
 * connection that commits does it, which here is the one writer thread: every write then waited while a
 * thousand pages (staged images are most of them) were copied and synced. A passive checkpoint runs beside the
 * writer and blocks nobody, and the pages it copied are synced from here too, every {@link #SYNC_INTERVAL_MILLIS}
 * at most ({@link DatabaseFileSync}). The writer's own automatic checkpoint stays, at a larger WAL
 * ({@link #WRITER_CHECKPOINT_PAGES}): under steady writes it is what lets the WAL start over, and it finds little
 * left to copy or sync.
 *
 * <p>Once writes pause for {@link #IDLE_SECONDS}, the WAL is checkpointed whole and its file emptied, so a burst of
 * writes (a purge) leaves neither its size nor its old pages behind. Under load the file is left at its size:
 * cutting it back then only made the next commits allocate its blocks again. The emptying never waits: with a
 * reader on an older snapshot it would hold back every write until that reader ended, so it gives up and is tried
 * again after the next idle second.
 */
final class WalCheckpointer implements AutoCloseable {
    /** The WAL size (in pages) at which a commit checkpoints anyway; SQLite's default is 1,000. */
    static final int WRITER_CHECKPOINT_PAGES = 16_000;
    private static final long PAUSE_MILLIS = 20;
    /**
     * How often at most the database file is synced after a round. Each sync writes the pages copied since the last
     * one, and a page copied again and again (a busy table's) is written once per interval, not once per round;
     * what is left for the writer's checkpoint is at most this much of them, a few milliseconds' sync.
     */
    static final long SYNC_INTERVAL_MILLIS = 200;
    /** How long without a commit before the WAL is emptied. */
    static final int IDLE_SECONDS = 1;
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final DataSource dataSource;
    private final DatabaseFileSync fileSync;
    /** When (by {@link System#nanoTime}) the file was last synced; only this class's thread uses it. */
    private long syncedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MILLIS);
    private final Semaphore commits = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(DataSource dataSource, DatabaseFileSync fileSync, String name) {
        this.dataSource = dataSource;
        this.fileSync = fileSync;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Called after each commit: there is something to copy. */
    void committed() {
        if (commits.availablePermits() == 0) {
            commits.release();
        }
    }

    private void run() {
        // Whether something was committed since the WAL was last emptied.
        boolean written = false;
        while (!closed) {
            try {
                if (!commits.tryAcquire(IDLE_SECONDS, TimeUnit.SECONDS)) {
                    if (written && !closed) {
                        written = !empty();
                    }
                    continue;
                }
                written = true;
                commits.drainPermits();
                checkpoint();
                // Commits that come meanwhile are copied together by the next round.
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Error e) {
                // A heap spike, say: the thread must not end with it, or the file would be synced only by the
                // writer's own checkpoint, thousands of pages apart. The next commit starts another round.
                LOG.log(System.Logger.Level.WARNING, () -> "a WAL checkpoint round failed ("
                        + e.getClass().getName() + "); the next commit starts another");
            }
        }
    }

    private void checkpoint() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            long now = System.nanoTime();
            if (now - syncedAt >= TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MILLIS)) {
                fileSync.sync();
                syncedAt = now;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // The writer's automatic checkpoint still bounds the WAL; a failed round is retried after the next commit.
            LOG.log(System.Logger.Level.DEBUG, () -> "a WAL checkpoint failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Checkpoints the whole WAL and truncates its file, unless a writer or a reader of an older snapshot is there at
     * this moment; whether it was emptied.
     */
    private boolean empty() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                // Its first column is 1 when it could not finish (SQLITE_BUSY).
                return result.next() && result.getInt(1) == 0;
            } finally {
                statement.execute("PRAGMA busy_timeout = " + Database.SQLITE_BUSY_TIMEOUT.toMillis());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "emptying the WAL failed: " + e.getClass().getSimpleName());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
