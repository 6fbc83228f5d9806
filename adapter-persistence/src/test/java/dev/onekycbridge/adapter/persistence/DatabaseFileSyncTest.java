package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpointer's own descriptor of the SQLite file: it syncs what was copied, and drops none of SQLite's locks. */
class DatabaseFileSyncTest {
    private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");

    @TempDir
    Path folder;

    @Test
    void thePagesTheCheckpointerCopiedAreSyncedByItNotLeftToTheWriter() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            assertThat(syncedWhileWriting(adapter, "sync")).isTrue();
        }
    }

    /** Each sync writes the pages copied since the last one: under steady commits, a few a second, not one a round. */
    @Test
    void theFileIsSyncedEveryIntervalAtMostHoweverOftenCommitsCome() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            DatabaseFileSync sync = adapter.database().fileSync();
            long before = sync.syncs();
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                adapter.submissionStore().insert(TestData.newCertificateRegistration(
                        TestData.partnerUser("steady-" + i), Instant.EPOCH));
                Thread.sleep(5);
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // The checkpointer pauses 20 ms between rounds: a sync each round would be five times as many.
            assertThat(sync.syncs() - before).isPositive()
                    .isLessThanOrEqualTo(elapsedMillis / WalCheckpointer.SYNC_INTERVAL_MILLIS + 2);
        }
    }

    @Test
    void theFileIsLetGoOfOnceTheDatabaseCloses() throws Exception {
        assumeTrue(Files.isDirectory(OWN_DESCRIPTORS), "needs /proc/self/fd");
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        try (PersistenceAdapter adapter = database.open()) {
            adapter.submissionStore().insert(TestData.newCertificateRegistration(TestData.partnerUser("fd-1"),
                    Instant.EPOCH));
            assertThat(descriptorsOf(database.file())).isPositive();
        }
        assertThat(descriptorsOf(database.file())).isZero();
    }

    /**
     * SQLite's connections hold a shared POSIX lock on the file while they are open in WAL mode, which is what keeps
     * another process from taking it exclusively (to leave WAL mode, say). Closing a descriptor of the file would
     * drop that lock for the whole process, so the sync's one stays open for as long as the connections do.
     */
    @Test
    void anotherProcessStillCannotLockTheFileExclusivelyAfterTheCheckpointerHasSyncedIt() throws Exception {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        try (PersistenceAdapter adapter = database.open()) {
            for (int i = 0; i < 3; i++) {
                assertThat(syncedWhileWriting(adapter, "lock-" + i)).isTrue();
            }
            assertThat(ExclusiveLockProbe.run(database.file())).isEqualTo("held");
        }
        // The probe can tell: with every connection closed, the lock is there for the taking.
        assertThat(ExclusiveLockProbe.run(database.file())).isEqualTo("free");
    }

    /** Commits one submission after another, for up to 10 s, until the checkpointer has synced the file. */
    private static boolean syncedWhileWriting(PersistenceAdapter adapter, String users) throws InterruptedException {
        DatabaseFileSync sync = adapter.database().fileSync();
        long before = sync.syncs();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; sync.syncs() == before && System.nanoTime() - deadline < 0; i++) {
            adapter.submissionStore().insert(TestData.newCertificateRegistration(
                    TestData.partnerUser(users + "-" + i), Instant.EPOCH));
            Thread.sleep(20);
        }
        return sync.syncs() > before;
    }

    private static long descriptorsOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(OWN_DESCRIPTORS)) {
            return descriptors.filter(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).equals(real);
                } catch (IOException e) {
                    // The descriptor that listed the folder, closed by now.
                    return false;
                }
            }).count();
        }
    }

    /**
     * Another process that tries to lock, for writing, the range of the file where SQLite's readers take their
     * shared locks (SHARED_FIRST, 510 bytes, in SQLite's os_unix.c); prints {@code held} or {@code free}.
     */
    static final class ExclusiveLockProbe {
        private static final long SHARED_FIRST = 0x40000000L + 2;
        private static final long SHARED_SIZE = 510;

        public static void main(String[] args) throws IOException {
            try (FileChannel file = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock lock = file.tryLock(SHARED_FIRST, SHARED_SIZE, false)) {
                System.out.print(lock == null ? "held" : "free");
            }
        }

        static String run(Path file) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ExclusiveLockProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        }
    }
}
