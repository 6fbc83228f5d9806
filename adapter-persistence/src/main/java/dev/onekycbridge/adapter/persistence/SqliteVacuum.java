package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;

/**
 * SQLite's {@code VACUUM}: the database rebuilt into as few pages as its rows need. It runs on a connection of the
 * pool, outside any transaction (a vacuum cannot run in one, so not on the writer's connection).
 */
final class SqliteVacuum {
    private static final long RETRY_MILLIS = 20;

    private SqliteVacuum() {
    }

    static VacuumReport run(Database database) {
        String name = database.read("finding the database file", ctx -> ctx.fetchOne(
                "select file from pragma_database_list where name = 'main'").get(0, String.class));
        Path file = Path.of(name);
        long before = size(file);
        database.read("vacuuming the database", ctx -> {
            ctx.execute("VACUUM");
            // In WAL mode the rebuilt pages are in the WAL: copied into the file, which is then cut to its new
            // size, and the WAL emptied.
            emptyWal(ctx);
            return null;
        });
        return new VacuumReport(before, size(file));
    }

    /**
     * Checkpoints the WAL whole and empties it. A checkpoint that meets another one running (the store's own
     * checkpointer thread copies the WAL back after commits) answers busy at once, whatever the busy timeout, and
     * leaves the WAL as it was: it is tried again until it finishes, for as long as a write would wait.
     */
    private static void emptyWal(DSLContext ctx) {
        long deadline = System.nanoTime() + Database.SQLITE_BUSY_TIMEOUT.toNanos();
        while (ctx.fetchOne("PRAGMA wal_checkpoint(TRUNCATE)").get(0, Integer.class) != 0
                && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The file and its WAL, on disk. */
    private static long size(Path file) {
        try {
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the database file", e);
        }
    }
}
