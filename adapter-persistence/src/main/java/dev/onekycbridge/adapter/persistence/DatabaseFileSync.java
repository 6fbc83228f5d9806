package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a SQLite database file's pages to disk from a descriptor of its own, for the {@link WalCheckpointer}.
 *
 * <p>A passive checkpoint copies pages from the WAL into the database file without syncing it. Only a checkpoint
 * that reaches the end of the WAL syncs the file, and under steady writes that is the writer thread's own, once the
 * WAL has reached {@link WalCheckpointer#WRITER_CHECKPOINT_PAGES}: it is the one that lets the WAL start over. Its
 * sync then carried every page copied since the last one, 20 to 37 ms every 4 s at 1,000 callbacks/s, and every
 * write waited for it. Synced after the checkpointer's rounds (every
 * {@link WalCheckpointer#SYNC_INTERVAL_MILLIS} at most), the writer's sync finds little left.
 *
 * <p>Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's included (SQLite's
 * "How To Corrupt An SQLite Database File", 2.2). This descriptor is therefore opened once and closed only after
 * every connection to the file is closed.
 */
final class DatabaseFileSync implements AutoCloseable {
    private final FileChannel file;
    private final AtomicLong syncs = new AtomicLong();

    private DatabaseFileSync(FileChannel file) {
        this.file = file;
    }

    /** Opens {@code file}, which exists, for reading: a sync needs no more. */
    static DatabaseFileSync open(Path file) {
        try {
            return new DatabaseFileSync(FileChannel.open(file, StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the database file " + file, e);
        }
    }

    /** Writes the file's changed pages to disk (fdatasync); its size is synced with them when it grew. */
    void sync() throws IOException {
        file.force(false);
        syncs.incrementAndGet();
    }

    /** How many syncs finished: for a test that watches the checkpointer. */
    long syncs() {
        return syncs.get();
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // Nothing was written through this descriptor, so nothing is lost with it.
        }
    }
}
