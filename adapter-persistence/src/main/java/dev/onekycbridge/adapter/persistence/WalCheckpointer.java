package dev.onekycbridge.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Copies the WAL of a SQLite database back into the database file on a thread of its own. Left to SQLite, the
 * connection that commits does it, which here is the one writer thread: every write then waited while a
 * thousand pages (staged images are most of them) were copied and synced. A passive checkpoint runs beside the
 * writer and blocks nobody. The writer's own automatic checkpoint stays, at a larger WAL
 * ({@link #WRITER_CHECKPOINT_PAGES}), in case this thread falls behind.
 */
final class WalCheckpointer implements AutoCloseable {
    /** The WAL size (in pages) at which a commit checkpoints anyway; SQLite's default is 1,000. */
    static final int WRITER_CHECKPOINT_PAGES = 16_000;
    private static final long PAUSE_MILLIS = 20;
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final DataSource dataSource;
    private final Semaphore commits = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(DataSource dataSource, String name) {
        this.dataSource = dataSource;
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
        while (!closed) {
            try {
                if (!commits.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                commits.drainPermits();
                checkpoint();
                // Commits that come meanwhile are copied together by the next round.
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void checkpoint() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            // The writer's automatic checkpoint still bounds the WAL; a failed round is retried after the next commit.
            LOG.log(System.Logger.Level.DEBUG, () -> "a WAL checkpoint failed: " + e.getClass().getSimpleName());
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
