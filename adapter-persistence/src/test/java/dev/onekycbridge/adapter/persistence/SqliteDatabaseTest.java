package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onekycbridge.adapter.persistence.schema.EpochNanosConverter;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLite as a service's database: where the file goes and how every connection is set up. */
class SqliteDatabaseTest {
    @TempDir
    Path folder;

    @Test
    void theDatabaseFileAndItsFoldersAreCreatedOnFirstStart() {
        Path file = folder.resolve("data").resolve("nested").resolve("onekyc-bridge.db");

        try (PersistenceAdapter adapter = PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY))) {
            assertThat(adapter.isReady()).isTrue();
            assertThat(adapter.databaseKind()).isEqualTo("sqlite");
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void aFileThatIsNoDatabaseIsToldInWords() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("notes.db"),
                "BRIDGE_DB_URL pointed at a text file by mistake\n".repeat(200));

        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY))).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the file is not a SQLite database, or is damaged");
    }

    /** A command that must not change a database reads its schema version first: a file without one stays as it is. */
    @Test
    void theSchemaVersionOfAnEmptyFileIsReadWithoutWritingToItOrMakingItsImageFolder() throws Exception {
        Path file = java.nio.file.Files.createFile(folder.resolve("empty.db"));

        assertThat(PersistenceAdapter.storedSchemaVersion(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY).withImageFolderBesideSqliteFile())).isZero();

        assertThat(file).isEmptyFile();
        assertThat(folder).isDirectoryNotContaining(path -> !path.equals(file));
    }

    @Test
    void aFileThatIsNoDatabaseIsToldInWordsToACommandThatDoesNotMigrate() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("notes.db"),
                "BRIDGE_DB_URL pointed at a text file by mistake\n".repeat(200));

        // The pool's own failure to open a connection wraps SQLite's, which is the one that says why.
        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY).withMigrateOnOpen(false))).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the file is not a SQLite database, or is damaged");
        assertThatThrownBy(() -> PersistenceAdapter.storedSchemaVersion(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY))).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the file is not a SQLite database, or is damaged");
    }

    @Test
    void sqliteRefusalsOfTheFileAreToldInWords() {
        // A read-only folder cannot be arranged for a test running as root: the driver's own exception stands in.
        assertThat(Database.translate("schema migration", new org.sqlite.SQLiteException("attempt to write a"
                + " readonly database", org.sqlite.SQLiteErrorCode.SQLITE_READONLY_DIRECTORY)))
                .hasMessage("schema migration failed: the database file, or its folder, cannot be written by this"
                        + " process");
        assertThat(Database.translate("saving a submission", new org.sqlite.SQLiteException("database or disk is"
                + " full", org.sqlite.SQLiteErrorCode.SQLITE_FULL)))
                .hasMessage("saving a submission failed: the disk is full");
        assertThat(Database.translate("schema migration", new org.sqlite.SQLiteException("unable to open database"
                + " file", org.sqlite.SQLiteErrorCode.SQLITE_CANTOPEN)))
                .hasMessageStartingWith("schema migration failed: the database file cannot be opened");
    }

    @Test
    void aDatabaseFileLockedByAnotherProcessIsToldInWords() throws Exception {
        Path file = folder.resolve("onekyc-bridge.db");
        PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file, TestDatabase.KEY)).close();

        // Another process's connection holding the write lock: the SQLite driver's own connection is one.
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("begin exclusive");

            assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                    TestDatabase.KEY))).isInstanceOf(PersistenceException.class)
                    .hasMessage("schema migration failed: the database file stayed locked by another process for"
                            + " 10 s");
        }
    }

    /** Before, the probe's write queued behind the writes waiting for the lock: readiness took 26 s, then said UP. */
    @Test
    void readinessAnswersPromptlyThatTheFileIsLockedWhileWritesWaitForAnotherProcess() throws Exception {
        Path file = folder.resolve("onekyc-bridge.db");
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (PersistenceAdapter adapter = PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY));
             java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("begin immediate");
            // One write failed on the lock, so readiness probes; the next waits for the lock again.
            assertThatThrownBy(() -> adapter.submissionStore().insert(TestData.newCertificateRegistration(
                    user("u-1"), Instant.now()))).hasMessageContaining("stayed locked by another process");
            writers.submit(() -> adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-2"),
                    Instant.now())));
            Thread.sleep(200);

            long asked = System.nanoTime();
            StoreHealth health = adapter.health();

            // Its write probe waits half a second: well short of the busy timeout a write would wait out.
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.ready()).isFalse();
            assertThat(health.details().get("writes")).startsWith("failing: checking that the database takes writes"
                    + " failed: the database file is locked by another process");
            statement.execute("rollback");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aNewDatabaseItsWalAndItsNewFoldersAreForTheServicesUserAlone() throws Exception {
        assumeTrue(Posix.supported(folder), "POSIX permissions");
        Path data = folder.resolve("data");
        Path file = data.resolve("onekyc-bridge.db");

        try (PersistenceAdapter adapter = PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY))) {
            adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), Instant.now()));
            assertThat(Posix.permissions(data)).isEqualTo("rwx------");
            assertThat(Posix.permissions(file)).isEqualTo("rw-------");
            assertThat(Posix.permissions(Path.of(file + "-wal"))).isEqualTo("rw-------");
            assertThat(Posix.permissions(Path.of(file + "-shm"))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingDatabaseFileKeepsThePermissionsItsOperatorGaveIt() throws Exception {
        assumeTrue(Posix.supported(folder), "POSIX permissions");
        Path file = folder.resolve("shared-with-backups.db");
        Files.createFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        try (PersistenceAdapter adapter = PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:" + file,
                TestDatabase.KEY))) {
            assertThat(adapter.isReady()).isTrue();
        }

        assertThat(Posix.permissions(file)).isEqualTo("rw-r-----");
    }

    @Test
    void aFileUrlIsAcceptedButOptionsThatWouldOverrideTheSetUpAreNot() {
        Path file = folder.resolve("file-url.db");

        try (PersistenceAdapter adapter = PersistenceAdapter.open(DatabaseConfig.of("jdbc:sqlite:file:" + file,
                TestDatabase.KEY))) {
            assertThat(adapter.isReady()).isTrue();
        }
        assertThat(file).isRegularFile();
        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of(
                "jdbc:sqlite:" + file + "?journal_mode=DELETE", TestDatabase.KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options in a SQLite URL are not supported");
    }

    @Test
    void theDriversAndTheCallbackWorkersClaimsSearchTheirPartialIndexesInsteadOfScanning() {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            var dsl = adapter.database().dsl();
            Instant now = Instant.parse("2026-11-20T10:00:00Z");

            long nanos = new EpochNanosConverter().to(now);
            String submissions = plan(dsl, dsl.resultQuery(JooqSubmissionStore.dueIdsSql(false), nanos, nanos, 1));
            String callbacks = plan(dsl, dsl.resultQuery(JooqCallbackInbox.dueIdsSql(false), nanos, nanos, 1));

            assertThat(submissions).contains("USING INDEX submissions_due").doesNotContain("SCAN");
            // In the index's order, too: a claim reads `limit` entries instead of sorting the whole backlog.
            assertThat(callbacks).contains("USING INDEX callback_inbox_due").doesNotContain("SCAN")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void committedPagesAreCopiedIntoTheDatabaseFileByTheCheckpointerNotLeftInTheWal() throws Exception {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        try (PersistenceAdapter adapter = database.open()) {
            long before = Files.size(database.file());
            Submission registration = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(TestData.partnerUser("wal-1"), Instant.EPOCH));
            // 2 MiB: about 500 pages, well below the writer's own checkpoint threshold.
            adapter.stagedDocuments().stageAll(registration.id(), Map.of(DocumentKind.KTP,
                    DocumentSource.ofBytes(TestData.jpeg(2 * 1024 * 1024))));

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            // Most of it, at least: free pages left by the migrations are reused first.
            long copied = before + 1024 * 1024;
            while (Files.size(database.file()) < copied && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.size(database.file())).isGreaterThanOrEqualTo(copied);
        }
    }

    @Test
    void aWalGrownByABurstOfWritesIsEmptiedOnceWritesPause() throws Exception {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        Path wal = Path.of(database.file() + "-wal");
        try (PersistenceAdapter adapter = database.open()) {
            Submission big = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(TestData.partnerUser("wal-1"), Instant.EPOCH));
            adapter.stagedDocuments().stageAll(big.id(), Map.of(DocumentKind.KTP,
                    DocumentSource.ofBytes(TestData.jpeg(24 * 1024 * 1024))));
            assertThat(Files.size(wal)).isGreaterThan(16L * 1024 * 1024);

            assertThat(walEmptiedWithin(wal, Duration.ofSeconds(10))).isTrue();
            // What was written is all in the database file, and the next write grows the WAL again from nothing.
            assertThat(adapter.stagedDocuments().find(big.id(), DocumentKind.KTP)).isPresent();
            adapter.submissionStore().insert(TestData.newCertificateRegistration(TestData.partnerUser("wal-2"),
                    Instant.EPOCH));
            assertThat(Files.size(wal)).isPositive();
        }
    }

    @Test
    void theWalIsCutBackToALimitAboveWhatTheWritersOwnCheckpointLetsItReach() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            long limit = adapter.database().read("reading the WAL's size limit",
                    ctx -> ((Number) ctx.fetchValue("PRAGMA journal_size_limit")).longValue());
            // Cut back below that, the WAL was cut at nearly every restart under steady load, its blocks freed
            // for the next commits to allocate again.
            assertThat(limit).isEqualTo(Database.WAL_SIZE_LIMIT_BYTES)
                    .isGreaterThan(WalCheckpointer.WRITER_CHECKPOINT_PAGES * 4096L);
        }
    }

    /**
     * Emptying the WAL waits for every reader of an older snapshot and holds back writes while it waits: it must
     * give up at once instead, or a long read would stall every write for up to the busy timeout.
     */
    @Test
    void aReaderOfAnOlderSnapshotPutsOffEmptyingTheWalWithoutHoldingBackWrites() throws Exception {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        Path wal = Path.of(database.file() + "-wal");
        try (PersistenceAdapter adapter = database.open()) {
            adapter.submissionStore().insert(TestData.newCertificateRegistration(TestData.partnerUser("r-1"),
                    Instant.EPOCH));
            try (java.sql.Connection reader = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database.file())) {
                reader.setAutoCommit(false);
                try (var statement = reader.createStatement();
                     var rows = statement.executeQuery("SELECT count(*) FROM submissions")) {
                    assertThat(rows.next()).isTrue();
                }
                adapter.submissionStore().insert(TestData.newCertificateRegistration(TestData.partnerUser("r-2"),
                        Instant.EPOCH));
                // The checkpointer has found the writes paused and tried to empty the WAL.
                Thread.sleep(WalCheckpointer.IDLE_SECONDS * 1_000L + 600);

                var write = java.util.concurrent.CompletableFuture.runAsync(() -> adapter.submissionStore()
                        .insert(TestData.newCertificateRegistration(TestData.partnerUser("r-3"), Instant.EPOCH)));
                write.get(3, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(Files.size(wal)).isPositive();
                reader.rollback();
            }
            assertThat(walEmptiedWithin(wal, Duration.ofSeconds(10))).isTrue();
        }
    }

    private static boolean walEmptiedWithin(Path wal, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (Files.size(wal) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return Files.size(wal) == 0;
    }

    @Test
    void aSubmissionsImagesAreStagedInOneWriteSoTheIntakeWaitsForTheWriterOnce() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            SqliteWriter writer = adapter.database().sqliteWriter();
            SubmissionId id = SubmissionId.random();
            byte[] ktp = TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 10);
            byte[] selfie = TestData.png(4096);
            long before = writer.transactions();

            adapter.stagedDocuments().stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp),
                    DocumentKind.SELFIE, DocumentSource.ofBytes(selfie)));

            // Nothing else writes meanwhile: one transaction is one write.
            assertThat(writer.transactions() - before).isEqualTo(1);
            try (InputStream in = adapter.stagedDocuments().find(id, DocumentKind.KTP).orElseThrow().open()) {
                assertThat(in.readAllBytes()).isEqualTo(ktp);
            }
            try (InputStream in = adapter.stagedDocuments().find(id, DocumentKind.SELFIE).orElseThrow().open()) {
                assertThat(in.readAllBytes()).isEqualTo(selfie);
            }
        }
    }

    private static String plan(DSLContext dsl, Query query) {
        return dsl.fetch("explain query plan " + query.getSQL(), query.getBindValues().toArray()).stream()
                .map(row -> row.get("detail", String.class))
                .reduce("", (all, line) -> all + line + "\n");
    }

    @Test
    void everyConnectionIsSetUpForAServiceWithOneWriter() {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            var dsl = adapter.database().dsl();

            assertThat(dsl.fetchValue("pragma journal_mode")).hasToString("wal");
            assertThat(dsl.fetchValue("pragma synchronous")).hasToString("1");
            assertThat(dsl.fetchValue("pragma foreign_keys")).hasToString("1");
            assertThat(dsl.fetchValue("pragma busy_timeout")).hasToString(
                    String.valueOf(Database.SQLITE_BUSY_TIMEOUT.toMillis()));
            assertThat(dsl.fetchValue("pragma secure_delete")).hasToString("1");
        }
    }

    @Test
    void theWriteAheadLogSitsBesideTheDatabaseFile() {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        try (PersistenceAdapter adapter = database.open()) {
            adapter.callbackInbox().append(dev.onekycbridge.core.callback.CallbackChannel.COE, "{}",
                    java.time.Instant.EPOCH);

            assertThat(Files.exists(Path.of(database.file() + "-wal"))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file:x.db?mode=memory"})
    void anInMemoryDatabaseIsRefusedBecauseItWouldLoseEverything(String url) {
        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of(url, TestDatabase.KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-memory SQLite database");
    }

    @Test
    void anUnsupportedDatabaseIsRefused() {
        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of("jdbc:mysql://localhost/x",
                TestDatabase.KEY))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:<file> or jdbc:postgresql://");
    }

    @Test
    void theConfigurationNeverPrintsThePasswordOrTheKey() {
        DatabaseConfig config = DatabaseConfig.of("jdbc:postgresql://db/bridge?user=u&password=hunter2",
                TestDatabase.KEY).withCredentials("u", "s3cret");

        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("password=***").contains("dataKey=key-1");
    }

    @Test
    void theMigrationIndexListsEveryScriptInTheMigrationFolder() throws Exception {
        Path folder = Path.of("src/main/resources/db/migration");
        List<String> scripts;
        try (var files = Files.list(folder)) {
            scripts = files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".sql"))
                    .sorted().toList();
        }

        assertThat(Migrator.load(Migrator.DEFAULT_LOCATION)).extracting(Migrator.Migration::script)
                .containsExactlyInAnyOrderElementsOf(scripts);
    }
}
