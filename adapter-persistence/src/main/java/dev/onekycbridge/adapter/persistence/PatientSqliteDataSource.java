package dev.onekycbridge.adapter.persistence;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite data source whose new connections wait out a locked file, as their statements do.
 *
 * <p>A connection runs its pragmas as it opens, the switch to WAL among them, and that switch can find the file
 * locked by another process opening the same new database at that moment and fail at once: SQLite does not call
 * the busy handler there. Several instances (or a service and a command) starting together on a new file then
 * failed about once in a hundred, with a lock they would have had a few milliseconds later.
 */
final class PatientSqliteDataSource extends SQLiteDataSource {
    private final Duration patience;

    PatientSqliteDataSource(SQLiteConfig config, Duration patience) {
        super(config);
        this.patience = patience;
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return super.getConnection(username, password);
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    /** SQLITE_BUSY (5), possibly in an extended code. */
    static boolean isBusy(SQLException e) {
        return e instanceof org.sqlite.SQLiteException && (e.getErrorCode() & 0xff) == 5;
    }

    /** A few milliseconds, longer with each attempt and jittered, so that the openers do not collide again. */
    private static void pause(int attempt, SQLException busy) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 5L * attempt) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy;
        }
    }
}
