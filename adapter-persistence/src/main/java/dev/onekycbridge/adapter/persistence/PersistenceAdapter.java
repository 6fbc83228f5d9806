package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The durable store behind the core's ports, on SQLite (one file, the default) or PostgreSQL (shared by several
 * instances). Personal data is encrypted at rest with AES-256-GCM under the configured data key.
 *
 * <pre>{@code
 * try (PersistenceAdapter store = PersistenceAdapter.open(DatabaseConfig.of(url, DataKey.fromBase64("k1", key)))) {
 *     SubmissionStore submissions = store.submissionStore();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves the whole application.
 */
public final class PersistenceAdapter implements AutoCloseable {
    /**
     * How long the readiness check's write may wait for its turn and the write lock: a probe must answer within
     * its own timeout (a second by default in Kubernetes), not queue behind writes that wait for another process.
     */
    static final Duration READINESS_WRITE_PATIENCE = Duration.ofMillis(500);
    /**
     * How long after its arrival {@link #callbackInbox()} keeps an entry whose body is damaged parked: the default
     * match window of callbacks ({@code BRIDGE_CALLBACK_MATCH_WINDOW}).
     */
    public static final Duration DEFAULT_CALLBACK_MATCH_WINDOW = Duration.ofDays(1);

    private final Database database;
    private final Migrator migrator;
    private final Ciphers ciphers;
    private final KeyManagement keys;
    private final JooqSubmissionStore submissions;
    private final JooqStagedDocuments stagedDocuments;
    private final JooqCallbackInbox callbackInbox;

    private PersistenceAdapter(Database database, Ciphers ciphers, StagedImageFiles imageFiles) {
        this.database = database;
        this.ciphers = ciphers;
        this.migrator = new Migrator(database);
        this.keys = new KeyManagement(database, ciphers);
        this.stagedDocuments = new JooqStagedDocuments(database, ciphers, imageFiles);
        this.submissions = new JooqSubmissionStore(database, ciphers, stagedDocuments);
        this.callbackInbox = new JooqCallbackInbox(database, ciphers, DEFAULT_CALLBACK_MATCH_WINDOW);
    }

    /**
     * Opens the pool; unless the configuration says otherwise, applies pending migrations; then checks that the
     * data key is the one the database was written with, deletes image files that no staged image names (see
     * {@link DatabaseConfig#imageFolder}) and warns of staged images whose files are not there.
     *
     * @throws DataKeyMismatchException when the data key's id is known to the database with other key material
     * @throws NewerSchemaException when a newer build migrated the database
     * @throws MigrationException when the schema cannot be brought up to date otherwise
     * @throws PersistenceException when the database cannot be reached
     */
    public static PersistenceAdapter open(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        Ciphers ciphers = new Ciphers(DataCipher.of(config.dataKey(), config.previousDataKeys()));
        Database database = Database.open(config);
        try {
            StagedImageFiles imageFiles = config.imageFolder() == null ? null
                    : StagedImageFiles.in(config.imageFolder());
            PersistenceAdapter adapter = new PersistenceAdapter(database, ciphers, imageFiles);
            if (config.migrateOnOpen()) {
                adapter.migrateWithOwnKeys();
            }
            adapter.checkStoredData();
            CipherWarmUp.startOnce();
            return adapter;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Once the schema is this build's: checks the data keys, deletes image files no staged image names and warns of
     * staged images whose files are missing. A schema version that cannot be read fails the open, migrated or not:
     * skipping the checks on a read that failed for a moment would let a start or a command write under a data key
     * the database knows with other material, or under a new key with no check value recorded. A schema not this
     * build's (not migrated on open, or newer) is left to the caller, which refuses it.
     *
     * @throws PersistenceException when the schema version cannot be read
     */
    void checkStoredData() {
        if (migrator.isUpToDate()) {
            keys.verifyKeys();
            stagedDocuments.sweepImageFiles();
            stagedDocuments.warnOfMissingImageFiles();
        }
    }

    /** Submissions: insert, save under optimistic locking, and lookups. */
    public SubmissionStore submissionStore() {
        return submissions;
    }

    /** The driver's queue of due submissions, claimed under leases. */
    public DueSubmissions dueSubmissions() {
        return submissions;
    }

    /** Listing, retention and counts. */
    public SubmissionCatalog submissionCatalog() {
        return submissions;
    }

    /** Images staged (encrypted) until the platform has them. */
    public StagedDocuments stagedDocuments() {
        return stagedDocuments;
    }

    /** The lease held on the submission now (who works on it, until when), or empty when none is. */
    public Optional<Lease> leaseOf(SubmissionId id) {
        return submissions.leaseOf(Objects.requireNonNull(id, "id"), Instant.now());
    }

    /**
     * Ends every lease held now whose owner {@code gone} says will never release it (a process that was killed),
     * so that its submissions are due again at once instead of when their leases run out; returns how many.
     * Callback inbox entries record no owner: their lease is short (a minute) and is left to run out.
     */
    public int releaseLeasesOf(Predicate<String> gone) {
        return submissions.releaseLeasesOf(Objects.requireNonNull(gone, "gone"), Instant.now());
    }

    /**
     * Callback bodies as received (encrypted), until and after they are applied. An entry whose body is damaged
     * (its data key is configured and does not open it) is parked while {@link #DEFAULT_CALLBACK_MATCH_WINDOW}
     * lasts, then kept as UNMATCHED, so that the retention purge erases it; see {@link #callbackInbox(Duration)}.
     */
    public CallbackInbox callbackInbox() {
        return callbackInbox;
    }

    /**
     * The callback inbox, keeping an entry whose body is damaged parked for {@code matchWindow} after its arrival
     * (the window the callback service keeps unknown callbacks for), then as UNMATCHED. One under a data key this
     * instance lacks stays parked, however long: an instance with the key reads it.
     */
    public CallbackInbox callbackInbox(Duration matchWindow) {
        return callbackInbox.withMatchWindow(matchWindow);
    }

    /**
     * Applies pending migrations (the {@code db migrate} command); safe to run at any time, on any instance.
     *
     * @throws DataKeyMismatchException when the data keys are not this database's, before the schema changes
     * @throws NewerSchemaException when a newer build migrated the database
     * @throws MigrationException when the schema cannot be brought up to date otherwise
     */
    public MigrationReport migrate() {
        MigrationReport report = migrateWithOwnKeys();
        keys.verifyKeys();
        return report;
    }

    private MigrationReport migrateWithOwnKeys() {
        if (migrator.storedVersion() > 0) {
            // A wrong key must not migrate a database first: the previous release could not open it again.
            keys.refuseForeignKeys();
        }
        return migrator.migrate();
    }

    /**
     * Whether the database answers, its schema is this build's and its image folder (if any) takes files: for a
     * readiness probe. Never throws.
     */
    public boolean isReady() {
        return health().ready();
    }

    /**
     * Each part of {@link #isReady} and how it stands. Reads cannot show what stops only writes (a full disk, a
     * file made read-only, a lock another process holds), so when the latest write to the database, or of an
     * image, failed, this tries a write that changes nothing and reports its outcome. A write PostgreSQL held back
     * for another session's lock is reported until a write of its kind succeeds (or none has been held back for a
     * minute): the probe's own write would not meet that lock. Never throws; may block for as long as a write may
     * wait.
     */
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean ready = true;
        try {
            int stored = migrator.storedVersion();
            details.put("database", "reachable");
            int latest = migrator.latestVersion();
            if (stored != latest) {
                ready = false;
                details.put("migrations", stored < latest ? "pending: the database is at version " + stored
                        + " of " + latest : "the database is at version " + stored + ", newer than this build's "
                        + latest);
            } else {
                details.put("migrations", "applied");
                Optional<String> trouble = databaseWriteTrouble();
                ready = trouble.isEmpty();
                details.put("writes", trouble.map(reason -> "failing: " + reason).orElse("succeeding"));
            }
        } catch (RuntimeException e) {
            ready = false;
            details.put("database", "unreachable: " + e.getMessage());
        }
        if (stagedDocuments.hasImageFolder()) {
            Optional<String> trouble = stagedDocuments.imageWriteTrouble();
            ready &= trouble.isEmpty();
            details.put("images", trouble.map(reason -> "failing: " + reason).orElse("writable"));
        }
        return new StoreHealth(ready, details);
    }

    /** Writes to the database that failed since the store was opened (a refused constraint is no failure). */
    public long databaseWriteFailures() {
        return database.writes().failures();
    }

    /** Images the image folder could not take since the store was opened; 0 without an image folder. */
    public long imageWriteFailures() {
        return stagedDocuments.imageWriteFailures();
    }

    /**
     * Why writes fail: a failure the probe's write (one that changes nothing) does not clear, or one held back
     * by another session's lock, which no probe elsewhere can clear (see {@link WriteHealth}).
     */
    private Optional<String> databaseWriteTrouble() {
        if (database.writes().failing().isPresent()) {
            try {
                migrator.probeWrite(READINESS_WRITE_PATIENCE);
            } catch (PersistenceException e) {
                // Recorded by the write itself.
            }
        }
        return database.writes().failing().or(() -> database.writes().heldBack());
    }

    /**
     * Re-encrypts every stored value under {@code newKey}, which from now on encrypts new values too; the former
     * key keeps reading until the rewrite is done. Interrupted, it is safe to run again (open with the new key
     * as {@code dataKey} and the old one among {@code previousDataKeys}). Instances still running with the old
     * key may write values under it meanwhile: run it again once they have the new key.
     */
    public ReencryptionReport reencrypt(DataKey newKey) {
        Objects.requireNonNull(newKey, "newKey");
        return keys.reencrypt(newKey);
    }

    /**
     * SQLite: rebuilds the database file without the free space that erased and deleted rows leave inside its pages
     * (SQLite's {@code VACUUM}), then checkpoints the WAL and cuts it back: a purge erases values, but the file
     * keeps their pages, and rows appended later rarely fit in what is left of them. It needs the database to itself
     * for as long as it runs (a write of another process waits for it, then fails after the busy timeout), and room
     * for a copy of the database beside it. PostgreSQL: does nothing and returns empty; autovacuum makes the space
     * of erased and deleted rows reusable by new ones.
     *
     * @throws PersistenceException when the database is locked or cannot be written
     */
    public Optional<VacuumReport> vacuum() {
        if (database.isPostgres()) {
            return Optional.empty();
        }
        return Optional.of(SqliteVacuum.run(database));
    }

    /** The id of the key new values are encrypted under. */
    public String dataKeyId() {
        return ciphers.current().currentKeyId();
    }

    /** {@code sqlite} or {@code postgresql}. */
    public String databaseKind() {
        return database.isPostgres() ? "postgresql" : "sqlite";
    }

    /** The schema version this build migrates to. */
    public int schemaVersion() {
        return migrator.latestVersion();
    }

    /**
     * The schema version this build migrates to, known without a database: {@link #schemaVersion} before one is
     * opened.
     */
    public static int buildSchemaVersion() {
        return Migrator.buildVersion();
    }

    /**
     * The schema version the database {@code config} names has (0 where no migration has run), read before it is
     * opened, for a tool that must leave a database it does not find migrated as it is: {@link #open} puts a SQLite
     * file without a schema in WAL mode and makes its image folder; this reads the file on a read-only connection.
     *
     * @throws PersistenceException when the database cannot be reached or read
     */
    public static int storedSchemaVersion(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        return Migrator.storedVersionAsIs(config);
    }

    /**
     * The schema version the database has: 0 where no migration has run. For a tool that must not migrate (opened
     * with {@link DatabaseConfig#withMigrateOnOpen} false), to refuse a schema other than {@link #schemaVersion}.
     *
     * @throws PersistenceException when the database cannot be reached
     */
    public int storedSchemaVersion() {
        return migrator.storedVersion();
    }

    Database database() {
        return database;
    }

    /** Closes the pool. */
    @Override
    public void close() {
        database.close();
    }
}
