package dev.onekycbridge.benchmarks.load;

import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Payloads;
import dev.onekycbridge.benchmarks.Results;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A reference for the callback ingest figures: how many callback bodies plain JDBC can store in SQLite on this
 * machine, with the store's settings (WAL, synchronous NORMAL, BEGIN IMMEDIATE, secure_delete) and writers
 * queued on one JVM lock — no HTTP, no jOOQ, no encryption, no duplicate check, one index (the adapter's inbox
 * has three, and hands its writes to one writer thread that commits those queued together). The WAL is copied
 * back as the store copies it: by a passive checkpoint on a thread of its own, the writers' own automatic
 * checkpoint only at {@link #WRITER_CHECKPOINT_PAGES}. Left at SQLite's default (1,000 pages), the writer that
 * commits does the copying, and the floor is about a third lower than what the store can reach.
 *
 * <ul>
 *   <li>one transaction per callback: what any receiver that stores a callback before answering it must pay;
 *   <li>up to 32 callbacks per transaction: what writers that share a commit (group commit) could reach.
 * </ul>
 *
 * <p>Usage: {@code SqliteCommitFloor [--threads 16] [--seconds 8] [--markdown out.md]}
 */
public final class SqliteCommitFloor {
    /** As the store's {@code WalCheckpointer}: the writers' automatic checkpoint, a backstop. */
    static final int WRITER_CHECKPOINT_PAGES = 16_000;
    /** As the store's {@code WalCheckpointer}: its pause between two rounds. */
    private static final long CHECKPOINT_PAUSE_MILLIS = 20;

    private SqliteCommitFloor() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        int threads = args.intOption("threads", 16);
        int seconds = args.intOption("seconds", 8);
        Results out = Results.from(args);
        Path folder = Files.createTempDirectory("onekyc-sqlite-floor");
        try {
            double single = run(folder.resolve("single.db"), threads, seconds, 1);
            double grouped = run(folder.resolve("grouped.db"), threads, seconds, 32);
            System.out.printf(Locale.ROOT, "SQLite, %d writers: %.0f callbacks/s one per transaction, %.0f/s up to 32 "
                    + "per transaction%n", threads, single, grouped);
            out.line(String.format(Locale.ROOT, "| plain JDBC INSERT, one transaction per callback (storage floor) | "
                    + "%.0f |", single));
            out.line(String.format(Locale.ROOT, "| plain JDBC INSERT, up to 32 callbacks per transaction | %.0f |",
                    grouped));
        } finally {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Callbacks stored per second by {@code threads} writers for {@code seconds}, {@code batch} per commit. */
    static double run(Path file, int threads, int seconds, int batch) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE callback_inbox (id INTEGER PRIMARY KEY AUTOINCREMENT, channel VARCHAR(16) NOT NULL,"
                    + " body BLOB NOT NULL, body_mac VARCHAR(64) NOT NULL, received_at BIGINT NOT NULL,"
                    + " state VARCHAR(16) NOT NULL, next_attempt_at BIGINT)");
            s.execute("CREATE INDEX callback_inbox_mac ON callback_inbox (channel, body_mac)");
        }
        ReentrantLock lock = new ReentrantLock(); // not fair: a fair lock hands over with a thread switch each time
        AtomicLong stored = new AtomicLong();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> writers = new ArrayList<>();
        Thread checkpointer = new Thread(() -> checkpoint(source, end), "sqlite-floor-checkpointer");
        checkpointer.start();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try (Connection c = source.getConnection()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA wal_autocheckpoint = " + WRITER_CHECKPOINT_PAGES);
                    }
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO callback_inbox (channel, body, "
                            + "body_mac, received_at, state, next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', ?)")) {
                        long now;
                        while ((now = System.nanoTime()) < end) {
                            lock.lock();
                            try {
                                // As jOOQ's transaction does: BEGIN IMMEDIATE only under the lock (sqlite-jdbc
                                // begins the next transaction at once after a commit in manual mode).
                                c.setAutoCommit(false);
                                for (int i = 0; i < batch; i++) {
                                    byte[] body = Payloads.uniqueCertRegCallback().getBytes(StandardCharsets.UTF_8);
                                    insert.setString(1, "ESIGN");
                                    insert.setBytes(2, body);
                                    insert.setString(3, Integer.toHexString(java.util.Arrays.hashCode(body)));
                                    insert.setLong(4, System.currentTimeMillis());
                                    insert.setLong(5, System.currentTimeMillis());
                                    insert.executeUpdate();
                                }
                                c.commit();
                                c.setAutoCommit(true);
                            } finally {
                                lock.unlock();
                            }
                            if (now > warmupEnd) {
                                stored.addAndGet(batch);
                            }
                        }
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        checkpointer.join();
        return stored.get() / (double) seconds;
    }

    /** Passive checkpoints until {@code end}, as the store's checkpointer runs them while commits keep coming. */
    private static void checkpoint(SQLiteDataSource source, long end) {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < end) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                Thread.sleep(CHECKPOINT_PAUSE_MILLIS);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
