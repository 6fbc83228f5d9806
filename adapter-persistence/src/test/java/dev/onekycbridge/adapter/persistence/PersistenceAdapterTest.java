package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.at;
import static dev.onekycbridge.core.contract.SubmissionFixtures.completedIdentityVerification;
import static dev.onekycbridge.core.contract.SubmissionFixtures.failed;
import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static dev.onekycbridge.core.contract.SubmissionFixtures.withIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.document.UploadState;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.service.IdentityVerificationService;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.SubmissionDriver;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.ReportApplication;
import dev.onekycbridge.core.submission.ReportEffect;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.submission.VerificationResult;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.RecordingEventPublisher;
import dev.onekycbridge.core.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the adapter does beyond the ports' contracts — migrations, data keys, purging, concurrent workers — on
 * each database.
 */
abstract class PersistenceAdapterTest {
    private final List<TestDatabase> databases = new ArrayList<>();

    /** A new, empty database (nothing migrated). */
    protected abstract TestDatabase createDatabase();

    TestDatabase newDatabase() {
        TestDatabase database = createDatabase();
        databases.add(database);
        return database;
    }

    @AfterEach
    void closeDatabases() {
        databases.forEach(TestDatabase::close);
    }

    /** The version this build's migrations bring a database to. */
    static final int NEWEST_VERSION = 13;

    /** Takes the schema back to version 8, as an earlier release left it: versions 9 and later are then pending. */
    static void backToVersionEight(TestDatabase database) {
        database.execute("drop index if exists callback_inbox_unerased",
                "drop index if exists submissions_with_personal_data",
                "drop index if exists submission_documents_with_upload_url",
                "drop index if exists submissions_by_status",
                "drop index if exists submissions_one_active_esign_per_user",
                "alter table submissions drop column esign_slot_exempt",
                "delete from schema_version where version >= 9");
    }

    /** The adapter of an instance restarted with {@code newKey} as its key and the first key as a previous one. */
    PersistenceAdapter openWithBothKeys(TestDatabase database, DataKey newKey) {
        return database.open(config -> database.config(newKey).withPreviousDataKeys(List.of(TestDatabase.KEY)));
    }

    /** The image staged again is what the store holds, every row of it under {@code newKey}. */
    void assertRestagedUnder(TestDatabase database, DataKey newKey, Submission submission,
                                     byte[] restaged) throws Exception {
        assertThat(database.strings("select distinct data_key_id from staged_documents "
                + "union select distinct data_key_id from staged_document_chunks")).containsExactly("key-2");
        assertThat(database.open(newKey).stagedDocuments().find(submission.id(), DocumentKind.KTP).orElseThrow()
                .open()).hasBinaryContent(restaged);
    }

    /** Runs every task at once on its own thread and returns their results. */
    static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Leases read for an operator, and released at a start for the processes that can never release them. */
    @Nested
    class Leases {
        @Test
        void theLeasesOfTheOwnersNamedGoneAreReleasedAndTheOthersKept() {
            PersistenceAdapter adapter = newDatabase().open();
            Instant now = Instant.now();
            Submission killed = leased(adapter, "u-1", now, "killed#1");
            Submission killedToo = leased(adapter, "u-2", now, "killed#2");
            Submission running = leased(adapter, "u-3", now, "running#1");

            assertThat(adapter.releaseLeasesOf(owner -> owner.startsWith("killed#"))).isEqualTo(2);

            assertThat(adapter.leaseOf(killed.id())).isEmpty();
            assertThat(adapter.leaseOf(killedToo.id())).isEmpty();
            assertThat(adapter.leaseOf(running.id())).hasValueSatisfying(lease -> {
                assertThat(lease.owner()).isEqualTo("running#1");
                assertThat(lease.until()).isAfter(now.plus(Duration.ofMinutes(9)));
            });
            assertThat(adapter.dueSubmissions().claimDue(Instant.now(), Duration.ofMinutes(10), 10, "next"))
                    .as("due again at once").extracting(Submission::id)
                    .containsExactlyInAnyOrder(killed.id(), killedToo.id());
            assertThat(adapter.releaseLeasesOf(owner -> owner.startsWith("killed#"))).isZero();
        }

        @Test
        void aLeaseThatRanOutIsNoLeaseHeld() {
            PersistenceAdapter adapter = newDatabase().open();
            Submission s = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            adapter.dueSubmissions().claimDue(at(1), Duration.ofMinutes(10), 1, "long gone");

            assertThat(adapter.leaseOf(s.id())).isEmpty();
            assertThat(adapter.releaseLeasesOf(owner -> true)).isZero();
        }

        private Submission leased(PersistenceAdapter adapter, String user, Instant now, String owner) {
            Submission s = adapter.submissionStore().insert(TestData.newCertificateRegistration(user(user), now));
            assertThat(adapter.dueSubmissions().claimDue(now, Duration.ofMinutes(10), 1, owner))
                    .extracting(Submission::id).containsExactly(s.id());
            return s;
        }
    }

    /** Reads cannot show what stops only writes; the store remembers its latest write and tries one to recover. */
    @Nested
    class FailingWrites {
        @Test
        void aFailedWriteMakesTheStoreUnreadyUntilAWriteSucceedsAgain() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0);
            database.refuseWrites("callback_inbox");
            database.refuseWrites("schema_version");

            assertThatThrownBy(() -> adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", T0))
                    .isInstanceOf(PersistenceException.class);

            StoreHealth failing = adapter.health();
            assertThat(failing.ready()).isFalse();
            assertThat(failing.details()).containsEntry("database", "reachable")
                    .containsEntry("migrations", "applied")
                    .hasEntrySatisfying("writes", writes -> assertThat(writes)
                            .startsWith("failing: checking that the database takes writes failed"));
            assertThat(adapter.isReady()).isFalse();
            // The callback, then a write tried by each of the two checks.
            assertThat(adapter.databaseWriteFailures()).isEqualTo(3);

            database.allowWrites("schema_version");
            assertThat(adapter.health()).isEqualTo(new StoreHealth(true, Map.of("database", "reachable",
                    "migrations", "applied", "writes", "succeeding")));
            assertThat(adapter.databaseWriteFailures()).isEqualTo(3);
            assertThat(database.count("select count(*) from callback_inbox")).isEqualTo(1);
        }

        @Test
        void whileWritesSucceedTheCheckWritesNothing() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            database.refuseWrites("schema_version");

            assertThat(adapter.health().ready()).isTrue();
            assertThat(adapter.databaseWriteFailures()).isZero();
        }

        @Test
        void aRefusedConstraintIsTheCallersConflictNotAFailureOfTheStore() {
            PersistenceAdapter adapter = newDatabase().open();
            adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));

            assertThatThrownBy(() -> adapter.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0)))
                    .isInstanceOf(DuplicateSubmissionException.class);

            assertThat(adapter.health().ready()).isTrue();
            assertThat(adapter.databaseWriteFailures()).isZero();
        }
    }

    @Nested
    class Migrations {
        @Test
        void anEmptyDatabaseGetsEveryScriptOnceRecordedWithItsChecksum() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open(config -> config.withMigrateOnOpen(false));
            assertThat(adapter.isReady()).isFalse();

            MigrationReport report = adapter.migrate();

            assertThat(report).isEqualTo(
                    new MigrationReport(0, NEWEST_VERSION, List.of("V1__schema.sql", "V2__staged_document_chunks.sql",
                            "V3__drop_unused_callback_index.sql", "V4__staged_image_files.sql",
                            "V5__outcome_rejection_texts.sql", "V6__retention.sql", "V7__texts_of_any_length.sql",
                            "V8__sealed_request_fingerprints.sql", "V9__one_active_esign_submission_per_user.sql",
                            "V10__submissions_by_status.sql", "V11__reencryption_reads_only_values.sql",
                            "V12__rejection_texts_of_any_length.sql",
                            "V13__withhold_plain_outcomes_of_purged_rows.sql")));
            assertThat(adapter.isReady()).isTrue();
            assertThat(database.strings("select checksum from schema_version where version = 1"))
                    .singleElement().asString().matches("[0-9a-f]{64}");
        }

        @Test
        void migratingAgainChangesNothing() {
            PersistenceAdapter adapter = newDatabase().open();

            assertThat(adapter.migrate()).isEqualTo(new MigrationReport(NEWEST_VERSION, NEWEST_VERSION, List.of()));
            assertThat(adapter.migrate()).isEqualTo(new MigrationReport(NEWEST_VERSION, NEWEST_VERSION, List.of()));
        }

        @Test
        void instancesStartingTogetherMigrateOnceAndAllStart() throws Exception {
            TestDatabase database = newDatabase();
            List<Callable<Boolean>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(() -> database.open().isReady());
            }

            assertThat(together(starts)).containsOnly(true);
            assertThat(database.count("select count(*) from schema_version")).isEqualTo(NEWEST_VERSION);
            assertThat(database.count("select count(*) from data_key_checks")).isEqualTo(1);
        }

        @Test
        void aScriptChangedAfterItWasAppliedStopsTheMigration() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            database.execute("update schema_version set checksum = 'edited' where version = 1");

            assertThatThrownBy(adapter::migrate).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V1__schema.sql was changed after it was applied");
        }

        @Test
        void aDatabaseNewerThanThisBuildIsNeitherMigratedNorReady() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            database.execute("insert into schema_version (version, description, script, checksum, installed_at) "
                    + "values (99, 'from the future', 'V99__future.sql', 'x', 0)");

            assertThat(adapter.isReady()).isFalse();
            assertThatThrownBy(adapter::migrate).isInstanceOf(NewerSchemaException.class)
                    .hasMessageContaining("newer than this build");
        }

        @Test
        void theStoredSchemaVersionIsReadWithoutMigrating() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open(config -> config.withMigrateOnOpen(false));
            assertThat(adapter.storedSchemaVersion()).isZero();
            assertThat(adapter.storedSchemaVersion()).isZero();

            adapter.migrate();
            assertThat(adapter.storedSchemaVersion()).isEqualTo(adapter.schemaVersion()).isEqualTo(NEWEST_VERSION);

            database.execute("delete from schema_version where version = " + NEWEST_VERSION);
            assertThat(adapter.storedSchemaVersion()).isEqualTo(NEWEST_VERSION - 1);
            database.execute("insert into schema_version (version, description, script, checksum, installed_at) "
                    + "values (99, 'from the future', 'V99__future.sql', 'x', 0)");
            assertThat(adapter.storedSchemaVersion()).isEqualTo(99);
        }

        @Test
        void theStoredSchemaVersionIsReadBeforeTheStoreIsOpened() {
            TestDatabase database = newDatabase();
            database.open(config -> config.withMigrateOnOpen(false));
            assertThat(PersistenceAdapter.storedSchemaVersion(database.config(TestDatabase.KEY))).isZero();

            database.open().close();
            assertThat(PersistenceAdapter.storedSchemaVersion(database.config(TestDatabase.KEY)))
                    .isEqualTo(PersistenceAdapter.buildSchemaVersion()).isEqualTo(NEWEST_VERSION);
        }

        @Test
        void healthNamesEachPartAndHowItStands() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open(config -> config.withMigrateOnOpen(false));

            assertThat(adapter.health()).isEqualTo(new StoreHealth(false, Map.of("database", "reachable",
                    "migrations", "pending: the database is at version 0 of " + NEWEST_VERSION)));

            adapter.migrate();
            assertThat(adapter.health()).isEqualTo(new StoreHealth(true, Map.of("database", "reachable",
                    "migrations", "applied", "writes", "succeeding")));

            database.execute("insert into schema_version (version, description, script, checksum, installed_at) "
                    + "values (99, 'from the future', 'V99__future.sql', 'x', 0)");
            assertThat(adapter.health()).isEqualTo(new StoreHealth(false, Map.of("database", "reachable",
                    "migrations", "the database is at version 99, newer than this build's " + NEWEST_VERSION)));
        }

        /**
         * Before version 9 a user's registration and identity verification started at the same instant could both
         * be stored. The upgrade keeps both going: the newer holds the user's slot, the older goes on to its end.
         */
        @Test
        void anUpgradeKeepsBothOfAUsersActiveEsignSubmissionsAndTheNewerHoldsTheSlot() {
            TestDatabase database = newDatabase();
            SubmissionStore before = database.open().submissionStore();
            database.execute("drop index submissions_one_active_esign_per_user");
            Submission older = before.insert(TestData.newIdentityVerification(user("u-1"), T0));
            Submission newer = before.insert(TestData.newCertificateRegistration(user("u-1"), at(1)));
            Submission endedBeside = before.save(failed(before.insert(
                    TestData.newIdentityVerification(user("u-2"), T0)), at(1)));
            Submission alone = before.insert(TestData.newCertificateRegistration(user("u-2"), at(1)));
            backToVersionEight(database);

            SubmissionStore store = database.open().submissionStore();

            assertThat(database.count("select max(version) from schema_version")).isEqualTo(NEWEST_VERSION);
            assertThat(database.strings("select id from submissions where esign_slot_exempt is not null"))
                    .containsExactly(older.id().toString());
            assertThat(store.findActive(FlowType.SIV, user("u-1"))).contains(older);
            assertThat(store.findActive(FlowType.CERT_REG, user("u-1"))).contains(newer);
            assertThat(store.findById(endedBeside.id())).contains(endedBeside);
            assertThat(store.findActive(FlowType.CERT_REG, user("u-2"))).contains(alone);
            for (Submission another : List.of(TestData.newIdentityVerification(user("u-1"), at(2)),
                    TestData.newIdentityVerification(user("u-2"), at(2)))) {
                assertThatThrownBy(() -> store.insert(another)).isInstanceOfSatisfying(
                        DuplicateSubmissionException.class, e -> assertThat(e.reason())
                                .isEqualTo(DuplicateSubmissionException.Reason.ACTIVE_SUBMISSION_EXISTS));
            }
            // The older is saved as any other while the newer holds the slot; its mark stays.
            Submission olderSaved = store.save(older.scheduleAt(at(3)));
            store.save(failed(newer, at(4)));
            store.save(failed(olderSaved, at(5)));
            Submission next = store.insert(TestData.newCertificateRegistration(user("u-1"), at(6)));
            assertThatThrownBy(() -> store.insert(TestData.newIdentityVerification(user("u-1"), at(7))))
                    .isInstanceOf(DuplicateSubmissionException.class);
            assertThat(store.findActive(FlowType.CERT_REG, user("u-1"))).contains(next);
        }

        /**
         * A read of the version that fails right after the migration (a database restarting, a connection lost):
         * before, it read as a schema not this build's, and the start went on without checking the data keys, so that
         * data under a key no longer configured did not stop it.
         */
        @Test
        void aStartThatCannotReadTheSchemaVersionFailsInsteadOfSkippingItsChecks() {
            PersistenceAdapter adapter = newDatabase().open();
            adapter.close(); // every read fails from now on

            assertThatThrownBy(adapter::checkStoredData).isInstanceOf(PersistenceException.class)
                    .hasMessageStartingWith("reading the schema version failed");
        }

        @Test
        void aClosedAdapterIsNotReady() {
            PersistenceAdapter adapter = newDatabase().open();
            assertThat(adapter.isReady()).isTrue();

            adapter.close();

            assertThat(adapter.isReady()).isFalse();
        }
    }

    @Nested
    class DataKeys {
        @Test
        void openingWithOtherKeyMaterialUnderAKnownIdFailsAtOnce() {
            TestDatabase database = newDatabase();
            database.open().submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));

            // A mistyped key under the right id: the operator must be sent to the configuration, not to the data.
            assertThatThrownBy(() -> database.open(TestDatabase.key(TestDatabase.KEY.id(), 99)))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).startsWith("the data key does not match: the configured data key '"
                                        + TestDatabase.KEY.id() + "' is not the key this database knows under that id")
                                .doesNotContainIgnoringCase("damage").doesNotContain("altered")
                                .doesNotContain("copied");
                        assertThat(e.kind()).isEqualTo(StoredDataUnreadableException.Kind.KEY_NOT_CONFIGURED);
                        assertThat(e.storedKeyId()).isEqualTo(TestDatabase.KEY.id());
                    });
        }

        @Test
        void openingWithAKeyTheDatabaseWasNeverWrittenUnderFailsAtOnceNamingNoValue() {
            TestDatabase database = newDatabase();
            database.open().submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));

            assertThatThrownBy(() -> database.open(TestDatabase.key("key-other", 7)))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("the data key does not match: this database was "
                                + "written under data key key-1, and none of them is configured; configure that "
                                + "key, as the current key or as a previous key");
                        assertThat(e.storedKeyId()).isEqualTo(TestDatabase.KEY.id());
                    });
        }

        /**
         * Two instances started together on a new database with different keys: the second found no key check
         * when it looked, and the first has recorded its own since. Recording its check must refuse, not add a
         * second key that the first instance cannot read.
         */
        @Test
        void aKeyCheckRecordedByAnotherInstanceSinceTheStartLookedStopsADifferentKeyFromRecordingItsOwn() {
            TestDatabase database = newDatabase();
            PersistenceAdapter first = database.open();
            DataCipher other = DataCipher.of(TestDatabase.key("key-other", 7), java.util.List.of());

            assertThatThrownBy(() -> new KeyManagement(first.database(), new Ciphers(other)).recordCheck(other))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class,
                            e -> assertThat(e.storedKeyId()).isEqualTo(TestDatabase.KEY.id()));
            java.util.List<String> recorded = first.database().read("reading the key checks",
                    ctx -> ctx.fetch("select key_id from data_key_checks").getValues(0, String.class));
            assertThat(recorded).containsExactly(TestDatabase.KEY.id());
        }

        @Test
        void aWrongKeyStopsTheStartBeforeItMigratesSoThePreviousReleaseCanStillOpenTheDatabase() {
            TestDatabase database = newDatabase();
            database.open().submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            // As the previous release left it: its last script not applied yet.
            backToVersionEight(database);

            assertThatThrownBy(() -> database.open(TestDatabase.key("key-other", 7)))
                    .isInstanceOf(DataKeyMismatchException.class);
            assertThatThrownBy(() -> database.open(TestDatabase.key(TestDatabase.KEY.id(), 99)))
                    .isInstanceOf(DataKeyMismatchException.class);

            assertThat(database.count("select max(version) from schema_version")).isEqualTo(8);
            assertThat(database.open().storedSchemaVersion()).isEqualTo(NEWEST_VERSION);
        }

        @Test
        void aWrongKeyStopsDbMigrateBeforeTheSchemaChanges() {
            TestDatabase database = newDatabase();
            database.open().submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            backToVersionEight(database);
            PersistenceAdapter wrongKey = database.open(config -> database.config(TestDatabase.key("key-other", 7))
                    .withMigrateOnOpen(false));

            assertThatThrownBy(wrongKey::migrate).isInstanceOf(DataKeyMismatchException.class);

            assertThat(database.count("select max(version) from schema_version")).isEqualTo(8);
        }

        @Test
        void aRollbackToTheOldKeyWithValuesWrittenUnderTheNewOneAsksForTheNewKeyNotAReencryption() {
            TestDatabase database = newDatabase();
            Submission old = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);
            Submission written = database.open(config -> database.config(newKey)
                            .withPreviousDataKeys(List.of(TestDatabase.KEY)))
                    .submissionStore().insert(TestData.newCertificateRegistration(user("u-2"), T0));

            // The deployment with the new key is rolled back: the old key alone again.
            assertThatThrownBy(() -> database.open(TestDatabase.KEY))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("the data key does not match: stored data is "
                                + "encrypted under data key 'key-2', which came into use after the current key and "
                                + "is not configured; configure it too, as the current key or as a previous key");
                        assertThat(e.storedKeyId()).isEqualTo("key-2");
                    });

            // Either way the advice goes, both keys read everything.
            PersistenceAdapter bothKeys = database.open(config -> database.config(TestDatabase.KEY)
                    .withPreviousDataKeys(List.of(newKey)));
            assertThat(bothKeys.submissionStore().findById(old.id())).contains(old);
            assertThat(bothKeys.submissionStore().findById(written.id())).contains(written);
        }

        @Test
        void aRollbackToTheOldKeyAfterAFinishedRotationNamesTheNewKeyToConfigure() {
            TestDatabase database = newDatabase();
            database.open().submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);
            openWithBothKeys(database, newKey)
                    .reencrypt(newKey);
            database.open(newKey); // the old key removed: the database forgets it

            assertThatThrownBy(() -> database.open(TestDatabase.KEY))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("the data key does not match: this database was "
                                + "written under data key key-2, and none of them is configured; configure that "
                                + "key, as the current key or as a previous key");
                        assertThat(e.storedKeyId()).isEqualTo("key-2");
                    });
        }

        @Test
        void readingAValueUnderAKeyThatIsNotConfiguredFailsWithATypedErrorThatNamesNoValue() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            // Another instance rotates the key while this one, started with the old key alone, runs on.
            PersistenceAdapter oldKeyOnly = database.open(TestDatabase.KEY);
            adapter.reencrypt(TestDatabase.key("key-2", 2));

            assertThatThrownBy(() -> oldKeyOnly.submissionStore().findById(stored.id()))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).contains("data key does not match")
                                .contains("'key-2', which is not configured")
                                .doesNotContain(TestData.NIK).doesNotContain(TestData.NAME)
                                .doesNotContain(TestData.EMAIL).doesNotContain(TestData.PHONE);
                        assertThat(e.storedKeyId()).isEqualTo("key-2");
                    });
        }

        @Test
        void aDueSubmissionUnderAKeyThisInstanceLacksIsReleasedAndHoldsNeitherTheOthersNorThoseDueAfterIt() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission underNewKey = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            // Another instance rotates the key while this one, started with the old key alone, runs on.
            PersistenceAdapter oldKeyOnly = database.open(TestDatabase.KEY);
            adapter.reencrypt(TestDatabase.key("key-2", 2));
            Submission readable = oldKeyOnly.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), at(1)));
            String leased = "select id from submissions where lease_owner is not null";

            assertThat(oldKeyOnly.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 10, "batch"))
                    .extracting(Submission::id).containsExactly(readable.id());
            assertThat(database.strings(leased)).containsExactly(readable.id().toString());

            oldKeyOnly.dueSubmissions().release(readable.id(), "batch");
            assertThat(oldKeyOnly.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 1, "one"))
                    .as("the unreadable row, due first, is passed over").extracting(Submission::id)
                    .containsExactly(readable.id());
            assertThat(database.strings(leased)).containsExactly(readable.id().toString());
        }

        @Test
        void aCallbackUnderAKeyThisInstanceLacksIsParkedNamingTheKeyAndTheOthersOfItsBatchAreReturned() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            long underNewKey = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0).entryId();
            // Another instance rotates the key while this one, started with the old key alone, runs on.
            PersistenceAdapter oldKeyOnly = database.open(TestDatabase.KEY);
            DataKey newKey = TestDatabase.key("key-2", 2);
            adapter.reencrypt(newKey);
            long readable = oldKeyOnly.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", at(1)).entryId();

            assertThat(oldKeyOnly.callbackInbox().claimDue(at(5), at(30), 10)).extracting(InboxEntry::id)
                    .containsExactly(readable);
            assertThat(database.strings("select state || ' ' || attempts || ' ' || last_error from callback_inbox"
                    + " where id = " + underNewKey)).singleElement().asString()
                    .startsWith("PARKED 0 its body cannot be read here: ").contains("'key-2'").doesNotContain("\"n\"");
            assertThat(oldKeyOnly.callbackInbox().claimDue(at(10), at(40), 10))
                    .as("parked until the claim's lease would have ended, not claimed with every batch").isEmpty();

            assertThat(openWithBothKeys(database, newKey).callbackInbox().claimDue(at(30), at(60), 10))
                    .extracting(InboxEntry::id, InboxEntry::body).contains(tuple(underNewKey, "{\"n\":1}"));
        }

        @Test
        void aValueThatCannotBeDecryptedIsPassedOverNamedByTableAndRowAndTheRestIsReencrypted() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            List<Submission> stored = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stored.add(adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-" + i), T0)));
            }
            long callback = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0).entryId();
            String damaged = stored.get(0).id().toString();
            try (Connection connection = database.rawConnection();
                 PreparedStatement read = connection.prepareStatement("select personal from submissions where id = ?");
                 PreparedStatement write = connection.prepareStatement(
                         "update submissions set personal = ? where id = ?")) {
                read.setString(1, damaged);
                byte[] personal;
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    personal = row.getBytes(1);
                }
                personal[personal.length - 1] ^= 1;
                write.setBytes(1, personal);
                write.setString(2, damaged);
                write.executeUpdate();
            }
            DataKey newKey = TestDatabase.key("key-2", 2);

            ReencryptionReport report = openWithBothKeys(database, newKey).reencrypt(newKey);

            assertThat(report.submissions()).isEqualTo(2);
            assertThat(report.callbacks()).isEqualTo(1);
            assertThat(report.complete()).isFalse();
            assertThat(report.unreadable()).singleElement().satisfies(value -> {
                assertThat(value.table()).isEqualTo("submissions");
                assertThat(value.row()).isEqualTo(damaged);
                assertThat(value.reason()).contains("'key-1'").doesNotContain(TestData.NIK, TestData.NAME);
            });
            assertThat(database.strings("select data_key_id from submissions where id <> '" + damaged + "'"
                    + " union select data_key_id from callback_inbox where id = " + callback)).containsExactly("key-2");
        }

        /** One condition per row passed over would outgrow SQLite's expression depth (1,000) past so many rows. */
        @Test
        void reencryptionPassesOverMoreUnreadableRowsThanOneQueryCouldNameAndMovesTheRest() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            for (int i = 0; i < 1_200; i++) {
                adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":" + i + "}", T0);
            }
            database.execute("update callback_inbox set data_key_id = 'key-gone'");
            long readable = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":-1}", T0).entryId();
            DataKey newKey = TestDatabase.key("key-2", 2);

            ReencryptionReport report = openWithBothKeys(database, newKey).reencrypt(newKey);

            assertThat(report.callbacks()).isEqualTo(1);
            assertThat(report.unreadable()).hasSize(1_200).allSatisfy(value -> assertThat(value.table())
                    .isEqualTo("callback_inbox"));
            assertThat(database.strings("select data_key_id from callback_inbox where id = " + readable))
                    .containsExactly("key-2");
        }

        @Test
        void reencryptionMovesEveryStoredValueToTheNewKey() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission submission = adapter.submissionStore().save(initiated(
                    adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));
            Submission completed = adapter.submissionStore().insert(completedIdentityVerification(user("u-2"), T0));
            byte[] ktp = TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 5000);
            adapter.stagedDocuments().stageAll(submission.id(),
                    Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp)));
            long pending = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0).entryId();
            adapter.callbackInbox().appendRejected(CallbackChannel.COE, "{broken", T0, "malformed JSON");
            DataKey newKey = TestDatabase.key("key-2", 2);

            ReencryptionReport report = adapter.reencrypt(newKey);

            assertThat(report).isEqualTo(new ReencryptionReport("key-2", 2, 2, 1, 2, List.of()));
            assertThat(adapter.dataKeyId()).isEqualTo("key-2");
            assertThat(database.strings("select distinct data_key_id from submissions "
                    + "union select distinct data_key_id from submission_documents "
                    + "union select distinct data_key_id from staged_documents "
                    + "union select distinct data_key_id from staged_document_chunks "
                    + "union select distinct data_key_id from callback_inbox")).containsExactly("key-2");
            PersistenceAdapter reopened = database.open(newKey);
            assertThat(reopened.submissionStore().findById(submission.id())).contains(submission);
            assertThat(reopened.submissionStore().findById(completed.id())).contains(completed);
            assertThat(reopened.stagedDocuments().find(submission.id(), DocumentKind.KTP).orElseThrow().open())
                    .hasBinaryContent(ktp);
            assertThat(reopened.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", at(1)))
                    .isEqualTo(new InboxAppend(pending, true));
            assertThat(reopened.reencrypt(newKey).total()).isZero();
        }

        /**
         * An instance still on the old key saves a submission after the rotation read it and before it rewrote it:
         * the rewrite must not put the value it read back over the newer one.
         */
        @Test
        void aSaveUnderTheOldKeyDuringTheRewriteIsNotOverwrittenWithTheValueReadBefore() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter oldKey = database.open();
            Submission created = oldKey.submissionStore().insert(TestData.newIdentityVerification(user("u-1"), T0));
            String row = " from submissions where id = '" + created.id() + "'";
            byte[] before = database.bytes("select personal" + row);
            Submission launched = oldKey.submissionStore().save(created.initiateVerification(new VerificationLaunch(
                    "sdk-token", java.net.URI.create("https://launch.example/siv"), at(60)), at(10), at(1)));
            byte[] after = database.bytes("select personal" + row);
            // The row as the rotation will read it: before the launch was saved.
            try (Connection connection = database.rawConnection();
                 PreparedStatement update = connection.prepareStatement("update submissions set personal = ?"
                         + ", version = 1 where id = ?")) {
                update.setBytes(1, before);
                update.setString(2, created.id().toString());
                update.executeUpdate();
            }
            DataKey newKey = TestDatabase.key("key-2", 2);
            PersistenceAdapter rotating = openWithBothKeys(database, newKey);

            try (Connection other = database.rawConnection()) {
                // The other instance's save holds the row (PostgreSQL) or the database (SQLite) until it commits.
                boolean postgres = database instanceof PostgresTestDatabase;
                other.setAutoCommit(!postgres);
                other.createStatement().execute(postgres ? "select id" + row + " for update" : "begin immediate");
                ExecutorService thread = Executors.newSingleThreadExecutor();
                try {
                    Future<ReencryptionReport> rotation = thread.submit(() -> rotating.reencrypt(newKey));
                    awaitBlockedWrite(database, other);
                    try (PreparedStatement save = other.prepareStatement("update submissions set personal = ?"
                            + ", version = 2 where id = ?")) {
                        save.setBytes(1, after);
                        save.setString(2, created.id().toString());
                        save.executeUpdate();
                    }
                    other.createStatement().execute("commit");
                    rotation.get(30, TimeUnit.SECONDS);
                } finally {
                    thread.shutdownNow();
                }
            }

            Submission found = database.open(newKey).submissionStore().findById(created.id()).orElseThrow();
            assertThat(found.snapshot().launch()).isEqualTo(launched.snapshot().launch());
            assertThat(found).isEqualTo(launched);
        }

        /**
         * Another instance stages an image again (deletes its rows, then writes those of the new staging) while the
         * rotation re-encrypts the image: the rotation must re-encrypt the new staging, not fail on chunks that
         * are not the ones of the image it listed.
         */
        @Test
        void anImageStagedAgainDuringTheRotationIsReencryptedAsTheNewStaging() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter oldKey = database.open();
            Submission submission = oldKey.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            String image = " where submission_id = '" + submission.id() + "' and kind = 'KTP'";
            byte[] restaged = TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 7000);
            oldKey.stagedDocuments().stageAll(submission.id(),
                    Map.of(DocumentKind.KTP, DocumentSource.ofBytes(restaged)));
            // The rows of that staging, which the other instance writes again during the rotation.
            List<List<Object>> restagedRow;
            List<List<Object>> restagedChunks;
            try (Connection connection = database.rawConnection()) {
                restagedRow = rows(connection, "select * from staged_documents" + image);
                restagedChunks = rows(connection, "select * from staged_document_chunks" + image);
            }
            oldKey.stagedDocuments().stageAll(submission.id(), Map.of(DocumentKind.KTP,
                    DocumentSource.ofBytes(TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 5000))));
            DataKey newKey = TestDatabase.key("key-2", 2);
            PersistenceAdapter rotating = openWithBothKeys(database, newKey);

            try (Connection other = database.rawConnection()) {
                boolean postgres = database instanceof PostgresTestDatabase;
                other.setAutoCommit(!postgres);
                if (!postgres) {
                    other.createStatement().execute("begin immediate");
                }
                // The staging's transaction, as far as its deletes: it holds the image's rows until it commits.
                other.createStatement().execute("delete from staged_documents" + image);
                other.createStatement().execute("delete from staged_document_chunks" + image);
                ExecutorService thread = Executors.newSingleThreadExecutor();
                try {
                    Future<ReencryptionReport> rotation = thread.submit(() -> rotating.reencrypt(newKey));
                    awaitBlockedWrite(database, other);
                    insert(other, "staged_documents", restagedRow);
                    insert(other, "staged_document_chunks", restagedChunks);
                    other.createStatement().execute("commit");

                    assertThat(rotation.get(30, TimeUnit.SECONDS).stagedImages()).isEqualTo(1);
                } finally {
                    thread.shutdownNow();
                }
            }

            assertRestagedUnder(database, newKey, submission, restaged);
        }

        /**
         * A write of the service holds one row the rotation wants, then writes another row of the same batch: the
         * rotation waits only while it holds nothing, so neither is aborted as a deadlock.
         */
        @Test
        void aWriteHoldingOneRowOfABatchThenWritingAnotherDoesNotDeadlockWithTheRotation() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter oldKey = database.open();
            Submission first = oldKey.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission second = oldKey.submissionStore().insert(TestData.newIdentityVerification(user("u-2"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);
            PersistenceAdapter rotating = openWithBothKeys(database, newKey);

            try (Connection other = database.rawConnection()) {
                boolean postgres = database instanceof PostgresTestDatabase;
                other.setAutoCommit(!postgres);
                other.createStatement().execute(postgres
                        ? "select id from submissions where id = '" + second.id() + "' for update"
                        : "begin immediate");
                ExecutorService thread = Executors.newSingleThreadExecutor();
                try {
                    Future<ReencryptionReport> rotation = thread.submit(() -> rotating.reencrypt(newKey));
                    awaitBlockedWrite(database, other);
                    other.createStatement().execute("update submissions set updated_at = updated_at where id = '"
                            + first.id() + "'");
                    other.createStatement().execute("commit");

                    assertThat(rotation.get(30, TimeUnit.SECONDS).submissions()).isEqualTo(2);
                } finally {
                    thread.shutdownNow();
                }
            }

            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.submissionStore().findById(first.id())).contains(first);
            assertThat(newKeyOnly.submissionStore().findById(second.id())).contains(second);
        }

        private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
            List<List<Object>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet found = statement.executeQuery(sql)) {
                while (found.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int column = 1; column <= found.getMetaData().getColumnCount(); column++) {
                        row.add(found.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }

        private static void insert(Connection connection, String table, List<List<Object>> rows) throws SQLException {
            for (List<Object> row : rows) {
                String values = String.join(", ", Collections.nCopies(row.size(), "?"));
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into " + table + " values (" + values + ")")) {
                    for (int column = 0; column < row.size(); column++) {
                        insert.setObject(column + 1, row.get(column));
                    }
                    insert.executeUpdate();
                }
            }
        }

        /**
         * Waits until the rotation's write waits for what {@code holder} holds: its rows (PostgreSQL; other tests
         * may share the server, so only waits on this connection count) or the database (SQLite).
         */
        private void awaitBlockedWrite(TestDatabase database, Connection holder)
                throws InterruptedException, SQLException {
            boolean postgres = database instanceof PostgresTestDatabase;
            long holderPid = 0;
            if (postgres) {
                try (Statement statement = holder.createStatement();
                     ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
                    pid.next();
                    holderPid = pid.getLong(1);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (postgres ? database.count("select count(*) from pg_stat_activity where " + holderPid
                                + " = any(pg_blocking_pids(pid))") > 0
                        : Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName()
                                .equals("onekyc-bridge-sqlite-writer") && t.getState() == Thread.State.RUNNABLE
                                && java.util.Arrays.stream(t.getStackTrace()).anyMatch(
                                        frame -> frame.getMethodName().equals("begin")))) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the rotation never tried to write");
        }

        /**
         * Tables larger than a batch, walked in the order of their primary key (of two columns for staged images),
         * each batch starting after the last row of the one before: every row is moved, none twice.
         */
        @Test
        void tablesOfManyBatchesAreMovedWholeWhateverTheirPrimaryKey() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            for (int i = 0; i < 10; i++) {
                adapter.stagedDocuments().stageAll(SubmissionId.random(), Map.of(
                        DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)),
                        DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
            }
            for (int i = 0; i < 450; i++) {
                adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":" + i + "}", T0);
            }
            DataKey newKey = TestDatabase.key("key-2", 2);

            ReencryptionReport report = openWithBothKeys(database, newKey).reencrypt(newKey);

            assertThat(report.stagedImages()).isEqualTo(20);
            assertThat(report.callbacks()).isEqualTo(450);
            assertThat(database.strings("select distinct data_key_id from staged_documents"
                    + " union select distinct data_key_id from callback_inbox")).containsExactly("key-2");
            assertThat(database.open(newKey).callbackInbox().claimDue(at(5), at(30), 500)).hasSize(450);
        }

        @Test
        void duringARotationBothKeysReadAndTheRotationCanBeRunAgainToFinish() {
            TestDatabase database = newDatabase();
            Submission old = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);

            PersistenceAdapter rotating = openWithBothKeys(database, newKey);
            Submission written = rotating.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), T0));

            assertThat(rotating.submissionStore().findById(old.id())).contains(old);
            assertThat(rotating.submissionStore().findById(written.id())).contains(written);
            assertThat(rotating.reencrypt(newKey).submissions()).isEqualTo(1);
            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.submissionStore().findById(old.id())).contains(old);
            assertThat(newKeyOnly.submissionStore().findById(written.id())).contains(written);
        }

        /**
         * The order for several instances with no window: the new key is first added everywhere as a previous key
         * (nothing is written under it yet), and only then made current. An instance not yet restarted the second
         * time writes under the old key and reads, claims and recognises as duplicates what the others write
         * under the new one.
         */
        @Test
        void aNewKeyAddedEverywhereAsAPreviousKeyBeforeItIsMadeCurrentLeavesNoInstanceUnableToRead() {
            TestDatabase database = newDatabase();
            Submission old = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);
            PersistenceAdapter stillOnOldKey = database.open(
                    config -> database.config(TestDatabase.KEY).withPreviousDataKeys(List.of(newKey)));
            PersistenceAdapter onNewKey = openWithBothKeys(database, newKey);

            Submission written = onNewKey.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), at(1)));
            long callback = onNewKey.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", at(2)).entryId();
            long earlierCallback = stillOnOldKey.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", at(3))
                    .entryId();
            assertThat(database.strings("select data_key_id from submissions where id = '" + written.id() + "'"))
                    .containsExactly("key-2");

            assertThat(stillOnOldKey.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 10, "old"))
                    .extracting(Submission::id).containsExactlyInAnyOrder(old.id(), written.id());
            assertThat(stillOnOldKey.callbackInbox().claimDue(at(5), at(30), 10))
                    .extracting(InboxEntry::id, InboxEntry::body)
                    .containsExactlyInAnyOrder(tuple(callback, "{\"n\":1}"), tuple(earlierCallback, "{\"n\":2}"));
            assertThat(stillOnOldKey.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", at(6)))
                    .isEqualTo(new InboxAppend(callback, true));
            assertThat(onNewKey.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", at(7)))
                    .isEqualTo(new InboxAppend(earlierCallback, true));

            assertThat(onNewKey.reencrypt(newKey).submissions()).isEqualTo(1);
            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.submissionStore().findById(old.id())).isPresent();
            assertThat(newKeyOnly.submissionStore().findById(written.id())).isPresent();
        }

        @Test
        void aKeyRemovedBeforeItsValuesWereReencryptedRefusesTheStartNamingTheKeyAndNoValue() {
            TestDatabase database = newDatabase();
            Submission old = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            DataKey newKey = TestDatabase.key("key-2", 2);
            openWithBothKeys(database, newKey);

            assertThatThrownBy(() -> database.open(newKey))
                    .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("the data key does not match: stored data is still "
                                + "encrypted under data key 'key-1', which is not configured; configure it again as "
                                + "a previous key and re-encrypt before removing it");
                        assertThat(e.storedKeyId()).isEqualTo("key-1");
                    });

            PersistenceAdapter rotating = openWithBothKeys(database, newKey);
            assertThat(rotating.reencrypt(newKey).submissions()).isEqualTo(1);
            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.submissionStore().findById(old.id())).contains(old);
            assertThat(database.strings("select key_id from data_key_checks"))
                    .as("a key that holds nothing any more is not looked for again").containsExactly("key-2");
        }

        @Test
        void anErasedCallbackBodyIsNotReencryptedAndDoesNotHoldBackTheRemovalOfItsKey() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            long erased = adapter.callbackInbox().append(CallbackChannel.SIV, "{\"a\":1}", T0).entryId();
            adapter.callbackInbox().markApplied(erased, at(1));
            adapter.callbackInbox().eraseSettledBodies(at(10), 10);
            DataKey newKey = TestDatabase.key("key-2", 2);

            assertThat(adapter.reencrypt(newKey).callbacks()).isZero();

            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.callbackInbox().countByState()).containsEntry(InboxState.APPLIED, 1L);
        }

        /**
         * An instance still on the old key alone cannot tell a repeat of a body already moved to the new key: it
         * stores it as new. The rotation run again takes it as that body's duplicate instead of failing on it.
         */
        @Test
        void aRepeatStoredByAnInstanceOnTheOldKeyAfterItsBodyMovedDoesNotStopTheRotation() {
            TestDatabase database = newDatabase();
            PersistenceAdapter oldKeyOnly = database.open();
            InboxAppend original = oldKeyOnly.callbackInbox().append(CallbackChannel.COE, "{\"a\":1}", T0);
            DataKey newKey = TestDatabase.key("key-2", 2);
            PersistenceAdapter rotating = openWithBothKeys(database, newKey);
            assertThat(rotating.reencrypt(newKey).callbacks()).isEqualTo(1);
            InboxAppend repeat = oldKeyOnly.callbackInbox().append(CallbackChannel.COE, "{\"a\":1}", at(1));
            assertThat(repeat.duplicate()).as("the old key's instance cannot tell").isFalse();

            assertThat(rotating.reencrypt(newKey).callbacks()).isEqualTo(1);

            assertThat(database.open(newKey).callbackInbox().append(CallbackChannel.COE, "{\"a\":1}", at(2)))
                    .isEqualTo(new InboxAppend(original.entryId(), true));
            assertThat(database.count("select count(*) from callback_inbox")).isEqualTo(2);
        }

        @Test
        void aCallbackStoredUnderThePreviousKeyIsStillRecognisedAsADuplicateAfterARotation() {
            TestDatabase database = newDatabase();
            InboxAppend original = database.open().callbackInbox().append(CallbackChannel.ESIGN, "{\"a\":1}", T0);
            PersistenceAdapter rotating = database.open(
                    config -> database.config(TestDatabase.key("key-2", 2))
                            .withPreviousDataKeys(List.of(TestDatabase.KEY)));

            InboxAppend again = rotating.callbackInbox().append(CallbackChannel.ESIGN, "{\"a\":1}", at(1));
            InboxAppend fresh = rotating.callbackInbox().append(CallbackChannel.ESIGN, "{\"a\":2}", at(2));
            InboxAppend freshAgain = rotating.callbackInbox().append(CallbackChannel.ESIGN, "{\"a\":2}", at(3));

            assertThat(again).isEqualTo(new InboxAppend(original.entryId(), true));
            assertThat(fresh.duplicate()).isFalse();
            assertThat(freshAgain).isEqualTo(new InboxAppend(fresh.entryId(), true));
            assertThat(database.count("select count(*) from callback_inbox")).isEqualTo(2);
        }
    }

    /**
     * A row damaged in the database (a value cut short, a snapshot that does not parse) is the row's trouble
     * alone: claims pass it over as they pass over a row under a key this instance lacks.
     */
    @Nested
    class DamagedRows {
        private static final byte[] DAMAGED = {1, 2};
        private static final String LEASED = "select id from submissions where lease_owner is not null";

        @Test
        void aDueSubmissionWhosePersonalDataIsDamagedIsPassedOverAndTheOthersAreClaimedAndDriven() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission damaged = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission readable = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), at(1)));
            overwrite(database, "update submissions set personal = ? where id = ?", DAMAGED, damaged.id().toString());
            // Another instance, which has not read either submission since it was stored.
            PersistenceAdapter other = database.open();

            assertThat(other.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 10, "batch"))
                    .extracting(Submission::id).containsExactly(readable.id());
            assertThat(database.strings(LEASED)).containsExactly(readable.id().toString());

            other.dueSubmissions().release(readable.id(), "batch");
            assertThat(other.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 1, "one"))
                    .as("the damaged row, due first, is passed over").extracting(Submission::id)
                    .containsExactly(readable.id());
            other.dueSubmissions().release(readable.id(), "one");

            MutableClock clock = MutableClock.at(at(5).toString());
            FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
            SubmissionDriver driver = new SubmissionDriver(platform, platform, other.submissionStore(),
                    other.dueSubmissions(), other.stagedDocuments(), new RecordingEventPublisher(),
                    DriverObserver.NONE, clock, new Random(7), WorkflowSettings.DEFAULT, "instance-2");

            assertThat(driver.advanceDueSubmissions(1)).isEqualTo(1);
            assertThat(other.submissionStore().findById(readable.id()).orElseThrow().snapshot().version())
                    .as("driven").isGreaterThan(readable.snapshot().version());
            assertThat(database.strings("select version from submissions where id = '" + damaged.id() + "'"))
                    .containsExactly("1");
            assertThat(database.strings(LEASED)).isEmpty();
        }

        @Test
        void aDueSubmissionWhosePersonalDataDoesNotParseOrWhoseUploadUrlIsDamagedIsPassedOver() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission notParsed = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission damagedUrl = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), T0));
            Submission readable = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-3"), at(1)));
            reseal(database, notParsed, "{\"input\":");
            overwrite(database, "update submission_documents set upload_url = ?, data_key_id = 'key-1'"
                    + " where submission_id = ?", DAMAGED, damagedUrl.id().toString());
            PersistenceAdapter other = database.open();

            assertThat(other.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 1, "one"))
                    .extracting(Submission::id).containsExactly(readable.id());
            assertThat(database.strings(LEASED)).containsExactly(readable.id().toString());
            assertThat(other.dueSubmissions().claimIfFree(notParsed.id(), at(5), Duration.ofMinutes(10), "two"))
                    .isEmpty();
            assertThat(database.strings(LEASED)).containsExactly(readable.id().toString());
        }

        @Test
        void aReadOfTheClaimedRowsThatTheDatabaseFailsIsNoDamagedRowTheClaimFailsAndLeasesNothing() {
            TestDatabase database = newDatabase();
            Submission stored = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            PersistenceAdapter other = database.open();
            // Every claimed row's history is read from the database; now that read fails, whatever the row holds.
            database.execute("drop table submission_history");

            assertThatThrownBy(() -> other.dueSubmissions().claimDue(at(5), Duration.ofMinutes(10), 10, "batch"))
                    .isInstanceOf(PersistenceException.class);
            assertThat(database.strings(LEASED)).isEmpty();
            assertThatThrownBy(() -> other.dueSubmissions().claimIfFree(stored.id(), at(5), Duration.ofMinutes(10),
                    "one")).isInstanceOf(PersistenceException.class);
            assertThat(database.strings(LEASED)).isEmpty();
        }

        @Test
        void aCallbackWhoseBodyIsDamagedIsParkedNamingNoValueAndTheOthersOfItsBatchAreReturned() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            long damaged = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0).entryId();
            long readable = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", at(1)).entryId();
            overwrite(database, "update callback_inbox set body = ? where id = ?", DAMAGED, damaged);

            assertThat(adapter.callbackInbox().claimDue(at(5), at(30), 10)).extracting(InboxEntry::id)
                    .containsExactly(readable);
            assertThat(database.strings("select state || ' ' || attempts || ' ' || last_error from callback_inbox"
                    + " where id = " + damaged)).containsExactly("PARKED 0 its body cannot be read here: stored data"
                    + " in callback_inbox.body|" + damaged + " under data key 'key-1', which is configured, is not in a"
                    + " known encrypted format");
            assertThat(adapter.callbackInbox().claimDue(at(10), at(40), 10))
                    .as("parked until the claim's lease would have ended, not claimed with every batch").isEmpty();

            adapter.callbackInbox().markApplied(readable, at(10));
            assertThat(adapter.callbackInbox().claimDue(at(30), at(60), 10)).as("still unreadable, parked again")
                    .isEmpty();
            assertThat(database.strings("select state from callback_inbox order by id"))
                    .containsExactly("PARKED", "APPLIED");
        }

        /**
         * Personal data that decrypts and does not parse is as damaged as one that does not decrypt: no instance
         * reads it. Said so (the web answers it as damaged, a callback about it is given up on after its window),
         * naming where it lives and no value, which a parse error's message would quote.
         */
        @Test
        void aSubmissionWhosePersonalDataDecryptsButDoesNotParseIsReportedDamagedNamingNoValue() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission truncated = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission badDate = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-2"), T0));
            reseal(database, truncated, "{\"input\":");
            reseal(database, badDate, "{\"input\":{\"flow\":\"CERT_REG\",\"consent\":[],\"applicant\":{\"name\":\""
                    + TestData.NAME + "\",\"nik\":\"" + TestData.NIK + "\",\"dateOfBirth\":\""
                    + TestData.DATE_OF_BIRTH + "\"}}}");
            PersistenceAdapter other = database.open();

            for (Submission damaged : List.of(truncated, badDate)) {
                assertThatThrownBy(() -> other.submissionStore().findById(damaged.id()))
                        .isInstanceOfSatisfying(StoredDataUnreadableException.class, e -> {
                            assertThat(e.kind()).isEqualTo(StoredDataUnreadableException.Kind.DAMAGED);
                            assertThat(e.getMessage()).isEqualTo("stored data in submissions.personal|"
                                    + damaged.id() + " under data key 'key-1', which is configured, decrypts under"
                                    + " it but does not parse (" + (damaged == truncated
                                    ? IllegalArgumentException.class : java.time.format.DateTimeParseException.class)
                                    .getName() + ")");
                            assertThat(e.getCause()).isNull();
                        });
            }
        }

        @Test
        void anUploadUrlThatDecryptsButIsNoUrlIsReportedDamagedWithoutQuotingIt() {
            TestDatabase database = newDatabase();
            Submission stored = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            String id = stored.id().toString();
            String notAUrl = "https://bucket.example/ktp?X-Amz-Signature=s3cr3t token";
            overwrite(database, "update submission_documents set upload_url = ?, data_key_id = 'key-1'"
                    + " where kind = 'KTP' and submission_id = ?", DataCipher.of(TestDatabase.KEY, List.of()).seal(notAUrl,
                    JooqSubmissionStore.uploadUrlContext(id, DocumentKind.KTP)).bytes(), id);

            assertThatThrownBy(() -> database.open().submissionStore().findById(stored.id()))
                    .isInstanceOfSatisfying(StoredDataUnreadableException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoredDataUnreadableException.Kind.DAMAGED);
                        assertThat(e.getMessage()).contains("submission_documents.upload_url|" + id + "|KTP")
                                .contains("does not parse").doesNotContain("s3cr3t");
                    });
        }

        @Test
        void aSubmissionWhosePlainColumnsDoNotParseIsReportedDamaged() {
            TestDatabase database = newDatabase();
            Submission stored = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            database.execute("update submissions set outcome_status = 'COMPLETED', outcome_verification = '{'"
                    + " where id = '" + stored.id() + "'");

            assertThatThrownBy(() -> database.open().submissionStore().findById(stored.id()))
                    .isInstanceOfSatisfying(StoredDataUnreadableException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoredDataUnreadableException.Kind.DAMAGED);
                        assertThat(e.getMessage()).isEqualTo("stored data of submission " + stored.id()
                                + " does not parse (java.lang.IllegalArgumentException)");
                    });
        }

        /** Replaces the submission's personal data with {@code json}, sealed as the store seals it. */
        private static void reseal(TestDatabase database, Submission submission, String json) {
            String id = submission.id().toString();
            overwrite(database, "update submissions set personal = ? where id = ?", DataCipher.of(TestDatabase.KEY,
                    List.of()).seal(json, JooqSubmissionStore.personalContext(id)).bytes(), id);
        }

        /**
         * Parked for good, a damaged body (KTP data, image URLs) would outlive the retention purge, which erases the
         * bodies of settled entries only: it is parked while its match window lasts, in case it is repaired, then
         * kept as unmatched.
         */
        @Test
        void aCallbackWhoseBodyIsDamagedIsKeptAsUnmatchedOnceItsMatchWindowHasPassedAndThePurgeErasesItsBody() {
            TestDatabase database = newDatabase();
            Duration window = Duration.ofHours(2);
            CallbackInbox inbox = database.open().callbackInbox(window);
            long damaged = inbox.append(CallbackChannel.COE, "{\"nik\":\"" + TestData.NIK + "\"}", T0).entryId();
            flipAByteOfTheBody(database, damaged);

            assertThat(inbox.claimDue(at(5), at(6), 10)).isEmpty();
            assertThat(inbox.claimDue(at(119), at(120), 10)).isEmpty();
            assertThat(database.strings(STATE_OF + damaged)).singleElement().asString()
                    .startsWith("PARKED 0 its body cannot be read here: ").contains("which is configured");
            assertThat(inbox.eraseSettledBodies(at(200), 10)).as("kept while it may be repaired").isZero();

            assertThat(inbox.claimDue(at(120), at(121), 10)).isEmpty();

            assertThat(database.strings(STATE_OF + damaged)).singleElement().asString()
                    .startsWith("UNMATCHED 0 its body could not be read (damaged) until PT2H after its arrival: "
                            + "stored data in callback_inbox.body|" + damaged).doesNotContain(TestData.NIK);
            assertThat(inbox.claimDue(at(500), at(501), 10)).as("settled: never claimed again").isEmpty();
            assertThat(inbox.eraseSettledBodies(at(120), 10)).as("settled at 120, not before").isZero();
            assertThat(inbox.eraseSettledBodies(at(121), 10)).isEqualTo(1);
            assertThat(database.count("select count(*) from callback_inbox where body_erased_at is not null"
                    + " and length(body) = 0 and id = " + damaged)).isEqualTo(1);
        }

        /** No instance reads a damaged body; one under a key this instance lacks is another instance's to read. */
        @Test
        void aCallbackUnderAKeyThisInstanceLacksStaysParkedPastItsMatchWindow() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            long underNewKey = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", T0).entryId();
            PersistenceAdapter oldKeyOnly = database.open(TestDatabase.KEY);
            DataKey newKey = TestDatabase.key("key-2", 2);
            adapter.reencrypt(newKey);
            CallbackInbox inbox = oldKeyOnly.callbackInbox(Duration.ofHours(2));

            assertThat(inbox.claimDue(at(5), at(6), 10)).isEmpty();
            assertThat(inbox.claimDue(at(600), at(601), 10)).isEmpty();

            assertThat(database.strings(STATE_OF + underNewKey)).singleElement().asString()
                    .startsWith("PARKED 0 its body cannot be read here: ").contains("'key-2', which is not configured");
            assertThat(openWithBothKeys(database, newKey).callbackInbox(Duration.ofHours(2))
                    .claimDue(at(601), at(602), 10)).extracting(InboxEntry::id).containsExactly(underNewKey);
        }

        private static final String STATE_OF = "select state || ' ' || attempts || ' ' || last_error"
                + " from callback_inbox where id = ";

        /** Flips one bit of the ciphertext of the entry's body, its format and nonce left as they are. */
        private static void flipAByteOfTheBody(TestDatabase database, long entryId) {
            try (Connection connection = database.rawConnection();
                 PreparedStatement read = connection.prepareStatement("select body from callback_inbox where id = ?")) {
                read.setLong(1, entryId);
                byte[] body;
                try (ResultSet row = read.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    body = row.getBytes(1);
                }
                body[body.length - 3] ^= 1;
                overwrite(database, "update callback_inbox set body = ? where id = ?", body, entryId);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Runs {@code sql} on the database itself, binding {@code value} and then {@code id}. */
        private static void overwrite(TestDatabase database, String sql, byte[] value, Object id) {
            try (Connection connection = database.rawConnection();
                 PreparedStatement update = connection.prepareStatement(sql)) {
                update.setBytes(1, value);
                update.setObject(2, id);
                assertThat(update.executeUpdate()).isPositive();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class StagedImages {
        @Test
        void theSaveThatTakesASubmissionPastItsUploadsDeletesItsStagedImagesAndNoSaveBefore() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission created = adapter.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            adapter.stagedDocuments().stageAll(created.id(), Map.of(
                    DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)),
                    DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
            String staged = "select count(*) from staged_documents where submission_id = '" + created.id() + "'";

            Submission uploaded = adapter.submissionStore().save(initiated(created, "plat-1", at(1))
                    .markUploaded(DocumentKind.KTP, at(2)).markUploaded(DocumentKind.SELFIE, at(3)));
            Submission attempted = adapter.submissionStore().save(uploaded.recordConfirmAttempt(at(4)));
            assertThat(database.count(staged)).isEqualTo(2);

            adapter.submissionStore().save(attempted.confirm(at(30), at(5)));

            assertThat(database.count(staged)).isZero();
            adapter.stagedDocuments().discard(created.id());
            assertThat(adapter.stagedDocuments().find(created.id(), DocumentKind.KTP)).isEmpty();
        }

        @Test
        void aStaleSaveDeletesNoStagedImage() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission created = adapter.submissionStore().insert(TestData.newKtpScan(user("u-1"), T0));
            adapter.stagedDocuments().stageAll(created.id(),
                    Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
            adapter.submissionStore().save(created.scheduleAt(at(1)));

            assertThatThrownBy(() -> adapter.submissionStore().save(failed(created, at(2))))
                    .isInstanceOf(StaleSubmissionException.class);

            assertThat(adapter.stagedDocuments().find(created.id(), DocumentKind.KTP)).isPresent();
        }
    }

    @Nested
    class Purging {
        @Test
        void savingAPurgedSubmissionErasesItsPersonalDataDocumentUrlsAndStagedImages() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = adapter.submissionStore().save(initiated(
                    adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));
            Submission finalOne = adapter.submissionStore().save(failed(stored, at(2)));
            // Left behind, say, by an intake that raced the submission becoming final.
            byte[] selfie = TestData.png(3 * JooqStagedDocuments.CHUNK_BYTES);
            adapter.stagedDocuments().stageAll(stored.id(),
                    Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(selfie)));
            String id = stored.id().toString();
            assertThat(database.count("select count(*) from submission_documents where upload_url is not null "
                    + "and submission_id = '" + id + "'")).isEqualTo(2);
            assertThat(database.count("select count(*) from staged_document_chunks where submission_id = '" + id
                    + "'")).isEqualTo(3);

            Submission purged = adapter.submissionStore().save(finalOne.purgePersonalData(at(100)));

            assertThat(database.count("select count(*) from submissions where personal is null "
                    + "and data_key_id is null and id = '" + id + "'")).isEqualTo(1);
            assertThat(database.count("select count(*) from submission_documents where (upload_url is not null "
                    + "or data_key_id is not null) and submission_id = '" + id + "'")).isZero();
            assertThat(database.count("select count(*) from staged_documents where submission_id = '" + id + "'"))
                    .isZero();
            // The store deletes the image's row and its chunks.
            assertThat(database.count("select count(*) from staged_document_chunks where submission_id = '" + id
                    + "'")).isZero();
            Submission found = adapter.submissionStore().findById(stored.id()).orElseThrow();
            assertThat(found).isEqualTo(purged);
            assertThat(found.documents().values()).extracting(Document::uploadUrl).containsOnlyNulls();
            assertThat(found.documents().get(DocumentKind.KTP).reference()).isEqualTo("docs/ktp-ref-1");
        }
    }

    /**
     * A platform echoing what it was sent may put a NIK or a name in any value of its report, and its texts for the
     * user are free text: none of it is kept in plain, before the purge or after it.
     */
    @Nested
    class OutcomesEchoingPersonalData {
        private static final String ECHOED_NIK = "3187888902845410";

        private Submission reported(PersistenceAdapter adapter, Outcome outcome) {
            Submission created = adapter.submissionStore().insert(TestData.newIdentityVerification(user("u-1"), T0));
            Submission launched = created.initiateVerification(new VerificationLaunch("sdk-token",
                    java.net.URI.create("https://launch.example/siv/1"), at(60)), at(10), at(1));
            return adapter.submissionStore().save(launched.applyReport(new PlatformReport("plat-siv-1",
                    "STANDALONE_IDENTITY_VERIFICATION", "u-1", TestData.PARTNER_USER_ID_TYPE,
                    launched.partnerSessionId(), outcome), TransitionSource.CALLBACK, at(2)).submission());
        }

        private static Outcome echoing() {
            return Outcome.of(PlatformStatus.COMPLETED, Result.INVALID,
                    ReasonCode.of("NIK " + ECHOED_NIK + " NOT FOUND"),
                    new VerificationResult(ECHOED_NIK, TestData.NAME, "PASS", "FAIL"), null,
                    new CertificateRegistration("reg-" + ECHOED_NIK, false, null, "NEW_USER"), at(2),
                    Map.of("id_ID", new RejectionText("Ditolak", "NIK " + ECHOED_NIK + " atas nama " + TestData.NAME
                            + " tidak ditemukan")));
        }

        @Test
        void noValueOfTheReportIsKeptInPlainAndThePurgeErasesThem() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = reported(adapter, echoing());

            assertThat(database.open().submissionStore().findById(stored.id())).as("read back as reported")
                    .contains(stored);
            assertNowhereInPlain(database, "with the report");

            Submission purged = adapter.submissionStore().save(stored.purgePersonalData(at(100)));

            Outcome kept = database.open().submissionStore().findById(stored.id()).orElseThrow().outcome()
                    .orElseThrow();
            assertThat(purged.outcome()).contains(kept);
            assertThat(kept.verdict()).isEqualTo("COMPLETED/INVALID/" + Outcome.WITHHELD);
            assertThat(kept.verificationResult()).isEqualTo(new VerificationResult(Outcome.WITHHELD,
                    Outcome.WITHHELD, "PASS", "FAIL"));
            assertThat(kept.certificateRegistration().onboardingCode()).isEqualTo("NEW_USER");
            assertThat(kept.rejectionTexts()).isEmpty();
            assertThat(database.count("select count(*) from submissions where personal is not null")).isZero();
            assertNowhereInPlain(database, "after the purge");
        }

        @Test
        void anOutcomeOfCodesKeepsItsCodesInPlainAndItsTextsSealed() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = reported(adapter, Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED,
                    ReasonCode.of("NOT_EKTP"), new VerificationResult("PASS", "PASS", "PASS", "FAIL"), null, null,
                    at(2), Map.of("en_ID", new RejectionText("Verification rejected", "ID submitted is not eKTP"))));

            assertThat(database.strings("select outcome_status || '/' || outcome_result || '/' || outcome_reason_code"
                    + " || ' ' || outcome_verification from submissions")).containsExactly("COMPLETED/REJECTED/NOT_EKTP"
                    + " {\"nik\":\"PASS\",\"name\":\"PASS\",\"dateOfBirth\":\"PASS\",\"selfie\":\"FAIL\"}");
            assertThat(database.columnsHolding("not eKTP")).isEmpty();
            assertThat(database.open().submissionStore().findById(stored.id())).contains(stored);
        }

        /** Rows an earlier version wrote hold every value in plain: they are read so, and the purge withholds them. */
        @Test
        void aValueAnEarlierVersionKeptInPlainIsReadAndWithheldByThePurge() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = reported(adapter, Outcome.of(PlatformStatus.COMPLETED, Result.INVALID,
                    ReasonCode.of("DUKCAPIL_REJECTED"), null, null, null, at(2)));
            database.execute("update submissions set outcome_reason_code = 'NIK " + ECHOED_NIK + " NOT FOUND',"
                    + " outcome_rejection_texts = '{\"en_ID\":{\"title\":\"Rejected\"}}'");

            Submission loaded = database.open().submissionStore().findById(stored.id()).orElseThrow();
            assertThat(loaded.outcome().orElseThrow().reasonCode()).isEqualTo(ReasonCode.of("NIK " + ECHOED_NIK
                    + " NOT FOUND"));
            assertThat(loaded.outcome().orElseThrow().rejectionTexts())
                    .containsExactly(Map.entry("en_ID", new RejectionText("Rejected", null)));

            adapter.submissionStore().save(loaded.purgePersonalData(at(100)));

            assertThat(database.columnsHolding(ECHOED_NIK)).isEmpty();
            assertThat(database.count("select count(*) from submissions where outcome_rejection_texts is null"))
                    .isEqualTo(1);
        }

        /**
         * A purged row has no personal data to seal withheld values in, and is never saved again: what an earlier
         * build's purge kept in plain is rewritten once, by the migration, as today's purge writes it.
         */
        @Test
        void aPurgedOutcomeAnEarlierBuildKeptInPlainIsRewrittenByTheMigrationAsThePurgeWritesItNow() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission purged = adapter.submissionStore().save(reported(adapter, echoing()).purgePersonalData(at(100)));
            Submission unpurged = reported(adapter, Outcome.of(PlatformStatus.COMPLETED, Result.INVALID,
                    ReasonCode.of("DUKCAPIL_REJECTED"), null, null, null, at(2)));
            String echoedReason = "NIK " + ECHOED_NIK + " NOT FOUND";
            // As an earlier build's purge left it, every value as reported; and a row not purged, as such a build
            // wrote it, which its next save (or its purge) rewrites.
            database.execute("update submissions set outcome_reason_code = '" + echoedReason + "',"
                    + " outcome_verification = '{\"nik\":\"" + ECHOED_NIK + "\",\"name\":\"" + TestData.NAME
                    + "\",\"dateOfBirth\":\"PASS\",\"selfie\":\"FAIL\"}', outcome_certificate ="
                    + " '{\"registrationId\":\"reg-" + ECHOED_NIK + "\",\"eligibleToActivate\":false,"
                    + "\"onboardingCode\":\"NEW_USER\"}', outcome_rejection_texts = '{\"id_ID\":{\"title\":"
                    + "\"Ditolak\",\"message\":\"" + TestData.NAME + "\"}}' where id = '" + purged.id() + "'",
                    "update submissions set outcome_reason_code = '" + echoedReason + "' where id = '"
                    + unpurged.id() + "'",
                    "delete from schema_version where version = " + NEWEST_VERSION);
            assertThat(database.columnsHolding(ECHOED_NIK)).isNotEmpty();

            PersistenceAdapter migrated = database.open();

            String purgedRow = " from submissions where id = '" + purged.id() + "'";
            assertThat(database.strings("select outcome_status || outcome_result || outcome_reason_code"
                    + " || outcome_verification || outcome_certificate" + purgedRow)).singleElement().asString()
                    .doesNotContain(ECHOED_NIK).doesNotContain(TestData.NAME);
            assertThat(database.count("select count(*)" + purgedRow + " and outcome_rejection_texts is null"))
                    .isEqualTo(1);
            assertThat(migrated.submissionStore().findById(purged.id()).orElseThrow().outcome())
                    .as("as the purge writes it now").isEqualTo(purged.outcome());
            assertThat(database.count("select version" + purgedRow)).as("a change, whatever remembers the row")
                    .isEqualTo(purged.snapshot().version() + 1);
            assertThat(database.strings("select outcome_reason_code from submissions where id = '" + unpurged.id()
                    + "'")).as("not purged: left to its next save").containsExactly(echoedReason);
        }

        /**
         * A purged row has nothing to seal a withheld value in, and no purge picks it again to erase one: saved again
         * holding a value that is no code (an instance of an earlier build wrote it after this database was migrated,
         * during a rolling upgrade), it keeps the withheld form alone.
         */
        @Test
        void aPurgedRowSavedAgainWithAValueThatIsNoCodeInPlainSealsNothingAndKeepsItNowhere() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission purged = adapter.submissionStore().save(reported(adapter, Outcome.of(PlatformStatus.COMPLETED,
                    Result.INVALID, ReasonCode.of("DUKCAPIL_REJECTED"), null, null, null, at(2)))
                    .purgePersonalData(at(100)));
            database.execute("update submissions set outcome_reason_code = 'NIK " + ECHOED_NIK + " NOT FOUND'"
                    + " where id = '" + purged.id() + "'");
            Submission loaded = adapter.submissionStore().findById(purged.id()).orElseThrow();
            assertThat(loaded.outcome().orElseThrow().reasonCode().raw()).contains(ECHOED_NIK);

            // A late callback of another verdict: a conflict, noted on the purged submission.
            ReportApplication late = loaded.applyReport(new PlatformReport("plat-siv-1",
                    "STANDALONE_IDENTITY_VERIFICATION", "u-1", TestData.PARTNER_USER_ID_TYPE,
                    loaded.partnerSessionId(), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null,
                    null, at(3))), TransitionSource.CALLBACK, at(200));
            assertThat(late.effect()).isEqualTo(ReportEffect.CONFLICT);
            Submission saved = adapter.submissionStore().save(late.submission());

            assertThat(database.count("select count(*) from submissions where personal is null and data_key_id is null"
                    + " and id = '" + purged.id() + "'")).as("no personal data sealed again").isEqualTo(1);
            assertThat(database.columnsHolding(ECHOED_NIK)).isEmpty();
            Outcome read = database.open().submissionStore().findById(purged.id()).orElseThrow().outcome()
                    .orElseThrow();
            assertThat(read.verdict()).isEqualTo("COMPLETED/INVALID/" + Outcome.WITHHELD);
            assertThat(saved.outcome()).as("what the save returns is what a read gives").contains(read);
        }

        private static void assertNowhereInPlain(TestDatabase database, String when) {
            assertThat(database.columnsHolding(ECHOED_NIK)).as("columns holding the NIK " + when).isEmpty();
            assertThat(database.columnsHolding(TestData.NAME)).as("columns holding the name " + when).isEmpty();
            if (database instanceof SqliteTestDatabase sqlite) {
                assertThat(sqliteFilesHold(sqlite, ECHOED_NIK)).as("the database file or its WAL " + when).isFalse();
                assertThat(sqliteFilesHold(sqlite, TestData.NAME)).as("the database file or its WAL " + when)
                        .isFalse();
            }
        }

        private static boolean sqliteFilesHold(SqliteTestDatabase database, String text) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                Path wal = Path.of(database.file() + "-wal");
                return ByteSearch.indexOf(java.nio.file.Files.readAllBytes(database.file()), bytes) >= 0
                        || java.nio.file.Files.exists(wal)
                        && ByteSearch.indexOf(java.nio.file.Files.readAllBytes(wal), bytes) >= 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class RequestFingerprints {
        @Test
        void aFingerprintIsSealedWithThePersonalDataAndComesBack() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Submission stored = adapter.submissionStore().insert(withIdempotencyKey(user("u-1"), "key-1", T0));

            assertThat(database.count("select count(*) from submissions where request_fingerprint is not null"))
                    .isZero();
            assertThat(database.open().submissionStore().findByIdempotencyKey("key-1").orElseThrow().snapshot()
                    .requestFingerprint()).isEqualTo(stored.snapshot().requestFingerprint())
                    .isEqualTo("sha256:fingerprint-of-key-1");
        }

        @Test
        void aFingerprintWrittenInPlainBeforeVersionEightIsReadAndSealedAtTheNextSave() {
            TestDatabase database = newDatabase();
            Submission stored = database.open().submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0));
            database.execute("update submissions set request_fingerprint = 'legacy-fingerprint'");

            PersistenceAdapter upgraded = database.open();
            Submission loaded = upgraded.submissionStore().findById(stored.id()).orElseThrow();
            assertThat(loaded.snapshot().requestFingerprint()).isEqualTo("legacy-fingerprint");
            upgraded.submissionStore().save(initiated(loaded, "plat-1", at(1)));

            assertThat(database.count("select count(*) from submissions where request_fingerprint is not null"))
                    .isZero();
            assertThat(database.open().submissionStore().findById(stored.id()).orElseThrow().snapshot()
                    .requestFingerprint()).isEqualTo("legacy-fingerprint");
        }

        /**
         * A final submission is not saved again until its purge, which was the next save that sealed its plain
         * fingerprint: the rotation seals it, and a rotation run again to the key it is under already too.
         */
        @Test
        void aFingerprintWrittenInPlainBeforeVersionEightIsSealedByTheRotation() {
            TestDatabase database = newDatabase();
            Submission rotated = database.open().submissionStore()
                    .insert(completedIdentityVerification(user("u-1"), T0));
            Submission rotatedBefore = database.open().submissionStore()
                    .insert(completedIdentityVerification(user("u-2"), T0));
            database.execute("update submissions set request_fingerprint = 'legacy-fingerprint-1' where id = '"
                    + rotated.id() + "'");
            DataKey newKey = TestDatabase.key("key-2", 2);

            assertThat(openWithBothKeys(database, newKey).reencrypt(newKey).submissions()).isEqualTo(2);
            assertThat(database.count("select count(*) from submissions where request_fingerprint is not null"))
                    .isZero();
            // As a rotation by an earlier version left such a row: under the new key, its fingerprint in plain.
            database.execute("update submissions set request_fingerprint = 'legacy-fingerprint-2' where id = '"
                    + rotatedBefore.id() + "'");
            assertThat(database.open(newKey).reencrypt(newKey).submissions()).isEqualTo(1);

            assertThat(database.count("select count(*) from submissions where request_fingerprint is not null"))
                    .isZero();
            PersistenceAdapter reopened = database.open(newKey);
            assertThat(reopened.submissionStore().findById(rotated.id()).orElseThrow().snapshot()
                    .requestFingerprint()).isEqualTo("legacy-fingerprint-1");
            assertThat(reopened.submissionStore().findById(rotatedBefore.id()).orElseThrow().snapshot()
                    .requestFingerprint()).isEqualTo("legacy-fingerprint-2");
            assertThat(reopened.submissionStore().findById(rotated.id()).orElseThrow().outcome())
                    .isEqualTo(rotated.outcome());
            assertThat(reopened.reencrypt(newKey).total()).isZero();
        }

        /**
         * The fingerprints a build before the fingerprint covered the contact verification, the consent's texts and
         * context and the additional data stored for these very requests (computed by that build, commit cc988da's
         * parent), in plain as every build before schema version 8 kept it.
         */
        private static final String EARLIER_REGISTRATION_FINGERPRINT =
                "7518d914588b999b7efe0829cd0588de8a4d1d7b7bf613563182ab93fa91b1e2";
        private static final String EARLIER_IDENTITY_VERIFICATION_FINGERPRINT =
                "0e47e7642bb49ef305fd5abce757305302a0fea8e869f4b7222449791562bc23";

        private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
        private final RequestValidator validator = new RequestValidator(clock,
                new DocumentInspector(WorkflowSettings.DEFAULT.documentLimits()));

        private StartCertificateRegistration registration(String nik) {
            return new StartCertificateRegistration("u-1", TestData.PARTNER_USER_ID_TYPE,
                    new UserDetailsForm(TestData.NAME, nik, TestData.DATE_OF_BIRTH, TestData.EMAIL,
                            "0812-3456-7890", new DataVerificationForm(new VerificationForm(true, "ev-1"),
                                    new VerificationForm(true, "pv-1"))),
                    "en_ID",
                    List.of(new ConsentForm("Digi", "termsAndConditions", true,
                            Map.of("en_ID", new ConsentTextForm("https://partner.example/terms", "I agree")),
                            "1762934400000", "Mozilla/5.0", "2001:db8::7", null)),
                    Map.of("campaign", "a"), DocumentSource.ofBytes(TestData.jpeg(8000)),
                    DocumentSource.ofBytes(TestData.png(8000)), "idem-1");
        }

        private static StartIdentityVerification identityVerification(String phoneNumber) {
            return new StartIdentityVerification("u-9", "CLIENT_X_USER_ID", null, phoneNumber,
                    new DataVerificationForm(null, new VerificationForm(true, "pv-9")), "SDK", null, null, null,
                    "idem-2");
        }

        /** Stores the submission as a build before schema version 8 left it: the fingerprint in plain. */
        private Submission storedByAnEarlierBuild(TestDatabase database, Submission submission, String fingerprint) {
            database.open().submissionStore().insert(submission);
            database.execute("update submissions set request_fingerprint = '" + fingerprint + "' where id = '"
                    + submission.id() + "'");
            return submission;
        }

        @Test
        void aRegistrationRetriedAfterAnUpgradeIsTheSameRequestByTheFingerprintTheEarlierBuildStored() {
            TestDatabase database = newDatabase();
            var valid = validator.certificateRegistration(registration(TestData.NIK));
            Submission earlier = storedByAnEarlierBuild(database, Submission.create(SubmissionId.random(),
                    valid.partnerUser(), valid.input(), valid.documents(), "idem-1", null, clock.instant()),
                    EARLIER_REGISTRATION_FINGERPRINT);
            PersistenceAdapter upgraded = database.open();
            StartSubmissionService intake = new StartSubmissionService(validator, upgraded.submissionStore(),
                    upgraded.stagedDocuments(), new RecordingEventPublisher(), clock);

            StartedSubmission again = intake.startCertificateRegistration(registration(TestData.NIK));

            assertThat(again.replayed()).isTrue();
            assertThat(again.submission().id()).isEqualTo(earlier.id());
            assertThatThrownBy(() -> intake.startCertificateRegistration(registration("3171011505900002")))
                    .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                            .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
            assertThat(database.count("select count(*) from submissions")).isEqualTo(1);
        }

        @Test
        void anIdentityVerificationRetriedAfterAnUpgradeIsTheSameRequestByTheFingerprintTheEarlierBuildStored() {
            TestDatabase database = newDatabase();
            var valid = validator.identityVerification(identityVerification("081234567890"));
            Submission earlier = storedByAnEarlierBuild(database, Submission.create(SubmissionId.random(),
                    valid.partnerUser(), valid.input(), List.of(), "idem-2", null, clock.instant()),
                    EARLIER_IDENTITY_VERIFICATION_FINGERPRINT);
            PersistenceAdapter upgraded = database.open();
            FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
            IdentityVerificationService service = new IdentityVerificationService(validator,
                    upgraded.submissionStore(), new SubmissionDriver(platform, platform, upgraded.submissionStore(),
                    upgraded.dueSubmissions(), upgraded.stagedDocuments(), new RecordingEventPublisher(),
                    DriverObserver.NONE, clock, new Random(7), WorkflowSettings.DEFAULT, "instance-1"),
                    new RecordingEventPublisher(), clock, WorkflowSettings.DEFAULT);

            StartedSubmission again = service.startIdentityVerification(identityVerification("081234567890"));

            assertThat(again.replayed()).isTrue();
            assertThat(again.submission().id()).isEqualTo(earlier.id());
            assertThatThrownBy(() -> service.startIdentityVerification(identityVerification("081234567891")))
                    .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                            .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
            assertThat(database.count("select count(*) from submissions")).isEqualTo(1);
        }
    }

    @Nested
    class LookingUp {
        /** PostgreSQL refuses a text holding U+0000 (even to compare it); no stored value holds one. */
        private static final String NUL = "\u0000";

        @Test
        void aValueHoldingANulCharacterFindsNothingAndFailsNothing() {
            PersistenceAdapter adapter = newDatabase().open();
            Submission stored = adapter.submissionStore().save(initiated(
                    adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));

            assertThat(adapter.submissionStore().findByPlatformSubmissionId("plat-1" + NUL)).isEmpty();
            assertThat(adapter.submissionStore().findByPartnerSessionId(stored.partnerSessionId() + NUL)).isEmpty();
            assertThat(adapter.submissionStore().findByIdempotencyKey(NUL)).isEmpty();
            assertThat(adapter.submissionCatalog().list(new SubmissionQuery(stored.partnerUser().userId() + NUL,
                    null, null, 10, null)).items()).isEmpty();
            assertThat(adapter.submissionCatalog().list(new SubmissionQuery(stored.partnerUser().userId(),
                    null, null, 10, null)).items()).containsExactly(stored);
        }
    }

    @Nested
    class TextsFromThePlatform {
        /** Longer than any length the schema's text columns were first declared with. */
        private final String longText = "X".repeat(2500);

        @Test
        void aReportWithLongRawValuesIsSavedAndReadBackAsItCame() {
            PersistenceAdapter adapter = newDatabase().open();
            Submission created = adapter.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            Submission confirmed = adapter.submissionStore().save(initiated(created, "plat-1", at(1))
                    .markUploaded(DocumentKind.KTP, at(2)).markUploaded(DocumentKind.SELFIE, at(3))
                    .confirm(at(30), at(4)).retryAt(at(40), new Failure("F" + longText, longText), at(5)));
            Outcome outcome = Outcome.of(PlatformStatus.COMPLETED, Result.of("R" + longText),
                    ReasonCode.of("C" + longText), new VerificationResult(longText, longText, "PASS", "PASS"), null,
                    new CertificateRegistration(longText, true, false, longText), at(6), Map.of());
            Submission reported = confirmed.applyReport(new PlatformReport("plat-1", "CERTIFICATE_REGISTRATION",
                    created.partnerUser().userId(), created.partnerUser().userIdType(), confirmed.partnerSessionId(),
                    outcome), TransitionSource.CALLBACK, at(7)).submission();

            Submission saved = adapter.submissionStore().save(reported);

            assertThat(adapter.submissionStore().findById(saved.id())).contains(saved);
        }

        /**
         * The client keeps up to 8 locales, with tags of 16, titles of 200 and messages of 1,000 characters (code
         * points), none a control character, none starting or ending with a space (ReportReader). The JSON writes
         * U+2028, U+2029 and a surrogate without its pair as a six-character escape, so texts of those alone come
         * to six times as long: more than the 32,000 characters PostgreSQL's column first took.
         */
        @Test
        void rejectionTextsAsLongAsTheClientTakesThemAreSavedAndReadBack() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            Map<String, RejectionText> texts = new LinkedHashMap<>();
            for (int i = 0; i < 8; i++) {
                texts.put("\uD800".repeat(15) + i, new RejectionText("T" + "\u2029".repeat(198) + "T",
                        "M" + "\u2028".repeat(998) + "M"));
            }
            assertThat(SnapshotCodec.writeRejectionTexts(texts)).hasSizeGreaterThan(57_000);
            Submission created = adapter.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            Submission confirmed = adapter.submissionStore().save(initiated(created, "plat-1", at(1))
                    .markUploaded(DocumentKind.KTP, at(2)).markUploaded(DocumentKind.SELFIE, at(3))
                    .confirm(at(30), at(4)));
            Outcome rejected = Outcome.of(PlatformStatus.COMPLETED, Result.of("REJECTED"), ReasonCode.of("NOT_EKTP"),
                    null, null, null, at(5), texts);
            Submission reported = confirmed.applyReport(new PlatformReport("plat-1", "CERTIFICATE_REGISTRATION",
                    created.partnerUser().userId(), created.partnerUser().userIdType(), confirmed.partnerSessionId(),
                    rejected), TransitionSource.CALLBACK, at(6)).submission();

            Submission saved = adapter.submissionStore().save(reported);

            assertThat(saved.status()).isEqualTo(SubmissionStatus.COMPLETED);
            // Read by another instance: from the row, not from what this one remembers of its save.
            Submission found = database.open().submissionStore().findById(saved.id()).orElseThrow();
            assertThat(found).isEqualTo(saved);
            assertThat(found.snapshot().outcome().rejectionTexts()).isEqualTo(texts);
        }

        @Test
        void aLongReasonIsKeptWithTheCallback() {
            PersistenceAdapter adapter = newDatabase().open();
            long id = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{}", T0).entryId();

            adapter.callbackInbox().park(id, longText, at(1));

            assertThat(adapter.callbackInbox().claimDue(at(2), at(3), 1)).singleElement()
                    .extracting(InboxEntry::lastError).isEqualTo(longText);
        }
    }

    @Nested
    class WaitingCallbacks {
        /** As many settled entries as a busy year leaves for audit. */
        private static final int SETTLED = 200_000;

        @Test
        void theWaitingEntriesAreReadThroughTheDueIndexNotFromTheSettledOnesKeptForAudit() throws SQLException {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", at(2));
            long parked = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":2}", at(3)).entryId();
            adapter.callbackInbox().park(parked, "submission not known yet", at(1));
            try (Connection connection = database.rawConnection();
                 PreparedStatement insert = connection.prepareStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                         + " SELECT i + 1 FROM n WHERE i < " + SETTLED + ") INSERT INTO callback_inbox (id, channel,"
                         + " body, body_mac, received_at, state, attempts, processed_at, data_key_id)"
                         + " SELECT 1000000 + i, 'SIV', ?, 'mac', i, 'APPLIED', 1, i, 'key-1' FROM n")) {
                insert.setBytes(1, new byte[0]);
                assertThat(insert.executeUpdate()).isEqualTo(SETTLED);
                connection.createStatement().execute("ANALYZE");
            }
            String plan = plan(database, JooqCallbackInbox.WAITING, false);

            assertThat(plan).contains("callback_inbox_due").doesNotContain("Seq Scan")
                    .doesNotContainPattern("SCAN callback_inbox\n");
            assertThat(adapter.callbackInbox().waiting()).isEqualTo(new InboxBacklog(1, 1, at(1)));
        }
    }

    @Nested
    class RotationBesideRowsKeptWithoutValues {
        /** Erased callbacks, and purged submissions with their documents: what years of service keep for audit. */
        private static final int KEPT = 10_000;

        /**
         * Each statement of a rotation's walk reads through the partial index of the rows that still hold a value,
         * so that it reads a window of them, not the primary key past every row kept without one: the inbox's oldest
         * entries, first in its key's order, are the first erased. The rows kept are there so that PostgreSQL's
         * planner, given their statistics, would take any cheaper way.
         */
        @Test
        void theRotationsQueriesReadTheIndexesOfRowsWithValuesAndItMovesThoseRows() throws SQLException {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            keepRowsWithoutValues(database);
            Submission submission = adapter.submissionStore().save(initiated(adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user("u-1"), T0)), "plat-1", at(1)));
            long callback = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":1}", at(2)).entryId();
            database.execute("ANALYZE callback_inbox", "ANALYZE submissions", "ANALYZE submission_documents");
            boolean postgres = database instanceof PostgresTestDatabase;
            DSLContext ctx = DSL.using(postgres ? SQLDialect.POSTGRES : SQLDialect.SQLITE,
                    new Settings().withRenderSchema(false));
            record Case(KeyManagement.Walk<?> walk, String index, List<Object> after, List<Object> end) {
            }
            List<Case> cases = List.of(
                    new Case(KeyManagement.CALLBACKS_WALK, "callback_inbox_unerased", List.of(0L),
                            List.of(Long.MAX_VALUE)),
                    new Case(KeyManagement.SUBMISSIONS_WALK, "submissions_with_personal_data", List.of("0"),
                            List.of("z")),
                    new Case(KeyManagement.DOCUMENTS_WALK, "submission_documents_with_upload_url",
                            List.of("0", "KTP"), List.of("z", "SELFIE")));

            for (Case c : cases) {
                for (String sql : List.of(ctx.renderInlined(KeyManagement.window(ctx, c.walk(), null, 200)),
                        ctx.renderInlined(KeyManagement.window(ctx, c.walk(), c.after(), 200)),
                        ctx.renderInlined(KeyManagement.batch(ctx, c.walk(), "key-2", null, c.end()).limit(200)),
                        ctx.renderInlined(KeyManagement.batch(ctx, c.walk(), "key-2", c.after(), c.end())
                                .limit(200)))) {
                    assertThat(plan(database, sql, false)).as(sql).contains(c.index()).doesNotContain("Seq Scan");
                }
            }
            DataKey newKey = TestDatabase.key("key-2", 2);
            assertThat(openWithBothKeys(database, newKey).reencrypt(newKey))
                    .isEqualTo(new ReencryptionReport("key-2", 1, 2, 0, 1, List.of()));
            PersistenceAdapter newKeyOnly = database.open(newKey);
            assertThat(newKeyOnly.submissionStore().findById(submission.id())).contains(submission);
            assertThat(newKeyOnly.callbackInbox().claimDue(at(3), at(4), 10)).extracting(InboxEntry::id)
                    .containsExactly(callback);
        }

        /** Rows as the retention purge leaves them, under the first key, with ids before any the store gives. */
        private void keepRowsWithoutValues(TestDatabase database) throws SQLException {
            String numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + KEPT + ") ";
            // Submission ids that sort before and after any UUID: the kept rows surround the ones with values.
            String id = "CASE WHEN i % 2 = 0 THEN '0' ELSE 'g' END || i";
            try (Connection connection = database.rawConnection();
                 PreparedStatement callbacks = connection.prepareStatement(numbers + "INSERT INTO callback_inbox"
                         + " (id, channel, body, body_mac, dedup_mac, received_at, state, attempts, processed_at,"
                         + " data_key_id, body_erased_at) SELECT -i, 'SIV', ?, 'mac' || i, 'mac' || i, i, 'APPLIED',"
                         + " 1, i, 'key-1', i FROM n");
                 Statement statement = connection.createStatement()) {
                callbacks.setBytes(1, new byte[0]);
                assertThat(callbacks.executeUpdate()).isEqualTo(KEPT);
                assertThat(statement.executeUpdate(numbers + "INSERT INTO submissions (id, flow, status,"
                        + " partner_user_id, partner_user_id_type, partner_session_id, failed_attempts, version,"
                        + " created_at, updated_at, purged_at) SELECT " + id + ", 'CERT_REG', 'COMPLETED', 'p' || i,"
                        + " 'ACCOUNT_ID', 's' || i, 0, 3, i, i, i FROM n")).isEqualTo(KEPT);
                for (String kind : List.of("KTP", "SELFIE")) {
                    assertThat(statement.executeUpdate(numbers + "INSERT INTO submission_documents (submission_id,"
                            + " kind, content_type, size_bytes, sha256, upload_state) SELECT " + id + ", '" + kind
                            + "', 'image/jpeg', 1000, 'sha', 'UPLOADED' FROM n")).isEqualTo(KEPT);
                }
            }
        }
    }

    /** The database's plan for {@code sql}, a line per step; on PostgreSQL without sequential scans if asked. */
    private static String plan(TestDatabase database, String sql, boolean withoutSeqScan) throws SQLException {
        boolean postgres = database instanceof PostgresTestDatabase;
        StringBuilder plan = new StringBuilder();
        try (Connection connection = database.rawConnection()) {
            if (postgres && withoutSeqScan) {
                connection.createStatement().execute("SET enable_seqscan = off");
            }
            try (ResultSet lines = connection.createStatement()
                    .executeQuery((postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql)) {
                while (lines.next()) {
                    plan.append(lines.getString(postgres ? 1 : 4)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Nested
    class SubmissionCounts {
        /** Every /metrics scrape counts them; the rows are kept for good, so the table itself is never read. */
        @Test
        void theCountsByStatusAreReadFromTheStatusIndex() throws SQLException {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
            // On a table this small a sequential scan is cheaper: PostgreSQL is asked for the plan without one.
            String plan = plan(database, "SELECT status, COUNT(*) FROM submissions GROUP BY status", true);

            assertThat(plan).contains("submissions_by_status").doesNotContain("Seq Scan")
                    .doesNotContainPattern("SCAN submissions\n");
            assertThat(adapter.submissionCatalog().countByStatus()).containsExactly(Map.entry(SubmissionStatus.CREATED, 1L));
        }
    }

    @Nested
    class ErasingCallbackBodies {
        /**
         * The purge erases by when an entry settled, which no index holds; it reads its batch through the index of
         * settled entries still with a body, by arrival (an entry settles after it arrives), not the entries erased
         * before, which the inbox keeps for good.
         */
        @Test
        void theBodiesToEraseAreReadThroughTheIndexOfSettledEntriesWithABody() throws SQLException {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            long parkedLong = adapter.callbackInbox().append(CallbackChannel.SIV, "{\"n\":1}", T0).entryId();
            adapter.callbackInbox().park(parkedLong, "no submission matched yet", at(1));
            adapter.callbackInbox().markApplied(parkedLong, at(20));
            long settledEarly = adapter.callbackInbox().append(CallbackChannel.SIV, "{\"n\":2}", T0).entryId();
            adapter.callbackInbox().markApplied(settledEarly, at(1));
            try (Connection connection = database.rawConnection();
                 PreparedStatement insert = connection.prepareStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                         + " SELECT i + 1 FROM n WHERE i < 10000) INSERT INTO callback_inbox (id, channel, body,"
                         + " body_mac, received_at, state, attempts, processed_at, data_key_id, body_erased_at)"
                         + " SELECT -i, 'SIV', ?, 'mac', i, 'APPLIED', 1, i, 'key-1', i FROM n")) {
                insert.setBytes(1, new byte[0]);
                insert.executeUpdate();
                connection.createStatement().execute("ANALYZE callback_inbox");
            }
            String plan = plan(database, JooqCallbackInbox.ERASABLE.replace("?", "1000"), false);

            assertThat(plan).contains("callback_inbox_erasable").doesNotContain("Seq Scan")
                    .doesNotContainPattern("SCAN callback_inbox\n");
            assertThat(adapter.callbackInbox().eraseSettledBodies(at(10), 10)).isEqualTo(1);
            assertThat(database.count("select count(*) from callback_inbox where id = " + settledEarly
                    + " and body_erased_at is not null")).isEqualTo(1);
            assertThat(adapter.callbackInbox().eraseSettledBodies(at(21), 10)).isEqualTo(1);
        }

        @Test
        void anErasedBodyIsEmptyAndItsEntryKeepsEverythingElseMarkedErased() {
            TestDatabase database = newDatabase();
            PersistenceAdapter adapter = database.open();
            String body = "{\"submissionId\":\"plat-1\",\"ktpData\":{\"nik\":\"" + TestData.NIK + "\"}}";
            long id = adapter.callbackInbox().append(CallbackChannel.SIV, body, T0).entryId();
            adapter.callbackInbox().markUnmatched(id, "no submission matched", at(1));
            String mac = database.strings("select dedup_mac from callback_inbox where id = " + id).get(0);

            assertThat(adapter.callbackInbox().eraseSettledBodies(at(10), 10)).isEqualTo(1);

            String row = "from callback_inbox where id = " + id;
            assertThat(database.count("select length(body) " + row)).isZero();
            assertThat(database.count("select count(*) " + row + " and body_erased_at is not null and channel = 'SIV'"
                    + " and state = 'UNMATCHED' and last_error = 'no submission matched' and attempts = 1"
                    + " and received_at is not null and processed_at is not null")).isEqualTo(1);
            assertThat(database.strings("select dedup_mac " + row)).containsExactly(mac);
        }
    }

    @Nested
    class StagedImagesInChunks {
        private static final int CHUNK = JooqStagedDocuments.CHUNK_BYTES;

        private final SubmissionId id = SubmissionId.random();
        private TestDatabase database;
        private PersistenceAdapter adapter;

        @BeforeEach
        void openDatabase() {
            database = newDatabase();
            adapter = database.open();
        }

        private void stage(byte[] image) {
            adapter.stagedDocuments().stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(image)));
        }

        private byte[] read() throws IOException {
            try (InputStream in = adapter.stagedDocuments().find(id, DocumentKind.KTP).orElseThrow().open()) {
                return in.readAllBytes();
            }
        }

        private long chunks() {
            return database.count("select count(*) from staged_document_chunks where submission_id = '" + id + "'");
        }

        @Test
        void aSlowSourceHoldsUpNoOtherWriteBecauseItIsReadBeforeTheWrite() throws Exception {
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            byte[] image = TestData.jpeg(2 * CHUNK + 10);
            DocumentSource slow = () -> new java.io.FilterInputStream(new java.io.ByteArrayInputStream(image)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return super.read(buffer, offset, length);
                }
            };
            var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var staged = threads.submit(
                        () -> adapter.stagedDocuments().stageAll(id, Map.of(DocumentKind.KTP, slow)));
                assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

                // While the source is stalled, other writes go through.
                threads.submit(() -> {
                    adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"while\":\"staging\"}", T0);
                    return adapter.submissionStore().insert(TestData.newKtpScan(user("u-slow"), T0));
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);

                release.countDown();
                staged.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                release.countDown();
                threads.shutdownNow();
            }
            assertThat(read()).isEqualTo(image);
            assertThat(chunks()).isEqualTo(3);
        }

        @Test
        void anImageIsStoredInChunksOfAtMostTheChunkSizeTheLastMarkedAsSuch() throws IOException {
            byte[] image = TestData.jpeg(20 * CHUNK + 1);

            stage(image);

            assertThat(chunks()).isEqualTo(21);
            assertThat(database.count("select max(length(content)) from staged_document_chunks"))
                    .isLessThanOrEqualTo(CHUNK + 64);
            assertThat(database.strings("select chunk_index from staged_document_chunks where last_chunk"))
                    .containsExactly("20");
            assertThat(read()).isEqualTo(image);
        }

        @Test
        void replacingAnImageLeavesOnlyTheChunksOfTheNewOne() throws IOException {
            stage(TestData.jpeg(3 * CHUNK));
            byte[] replacement = TestData.png(CHUNK / 2);

            stage(replacement);

            assertThat(chunks()).isEqualTo(1);
            assertThat(read()).isEqualTo(replacement);
        }

        @Test
        void discardingLeavesNoChunkBehind() {
            stage(TestData.jpeg(3 * CHUNK));
            adapter.stagedDocuments().stageAll(id,
                    Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(CHUNK))));

            adapter.stagedDocuments().discard(id);

            assertThat(chunks()).isZero();
        }

        @Test
        void stagingImagesTogetherLeavesNoTemporaryFileWhenItSucceedsNorWhenALaterSourceFails() {
            List<Path> before = SealedChunksTest.spools();
            adapter.stagedDocuments().stageAll(id, Map.of(
                    DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(3 * CHUNK)),
                    DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(2 * CHUNK))));
            assertThat(SealedChunksTest.spools()).isEqualTo(before);
            // The KTP is sealed into a temporary file before the selfie's source breaks off.
            Map<DocumentKind, DocumentSource> images = new LinkedHashMap<>();
            images.put(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(3 * CHUNK)));
            images.put(DocumentKind.SELFIE, () -> new SequenceInputStream(
                    new ByteArrayInputStream(TestData.png(2 * CHUNK)), new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("the upload broke off");
                        }
                    }));

            assertThatThrownBy(() -> adapter.stagedDocuments().stageAll(id, images))
                    .isInstanceOf(UncheckedIOException.class);

            assertThat(SealedChunksTest.spools()).isEqualTo(before);
            assertThat(chunks()).as("the chunks of the first staging only").isEqualTo(5);
        }

        @Test
        void chunksPutInAnotherOrderDoNotDecrypt() {
            stage(TestData.jpeg(3 * CHUNK));

            database.execute("update staged_document_chunks set chunk_index = -1 where chunk_index = 0",
                    "update staged_document_chunks set chunk_index = 0 where chunk_index = 1",
                    "update staged_document_chunks set chunk_index = 1 where chunk_index = -1");

            assertThatThrownBy(this::read).isInstanceOf(DataKeyMismatchException.class);
        }

        @Test
        void anImageWithoutItsLastChunkFailsToRead() {
            stage(TestData.jpeg(3 * CHUNK));

            database.execute("delete from staged_document_chunks where chunk_index = 2");

            assertThatThrownBy(this::read).isInstanceOf(IOException.class).hasMessageContaining("chunk 2")
                    .hasMessageContaining("is missing");
        }

        @Test
        void anImageCutShortAndMarkedAsEndingThereDoesNotDecrypt() {
            stage(TestData.jpeg(3 * CHUNK));

            database.execute("delete from staged_document_chunks where chunk_index = 2",
                    "update staged_document_chunks set last_chunk = true where chunk_index = 1");

            assertThatThrownBy(this::read).isInstanceOf(DataKeyMismatchException.class);
        }

        @Test
        void anImageReplacedWhileItIsReadFailsTheReadRatherThanMixingTheTwo() throws IOException {
            stage(TestData.jpeg(3 * CHUNK));
            DocumentSource source = adapter.stagedDocuments().find(id, DocumentKind.KTP).orElseThrow();

            try (InputStream in = source.open()) {
                assertThat(in.readNBytes(CHUNK)).hasSize(CHUNK);
                stage(TestData.png(3 * CHUNK));

                assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                        .hasMessageContaining("discarded or replaced while it was read");
            }
        }

        @Test
        void anImageStagedWholeBeforeTheChunksIsStillReadAndDiscarded() throws Exception {
            byte[] image = TestData.jpeg(4096);
            DataCipher.Sealed sealed = DataCipher.of(TestDatabase.KEY, List.of())
                    .seal(image, JooqStagedDocuments.context(id.toString(), DocumentKind.KTP));
            try (Connection connection = database.rawConnection();
                 PreparedStatement insert = connection.prepareStatement("insert into staged_documents "
                         + "(submission_id, kind, content, data_key_id) values (?, ?, ?, ?)")) {
                insert.setString(1, id.toString());
                insert.setString(2, DocumentKind.KTP.name());
                insert.setBytes(3, sealed.bytes());
                insert.setString(4, sealed.keyId());
                insert.executeUpdate();
            }

            assertThat(read()).isEqualTo(image);
            adapter.stagedDocuments().discard(id);
            assertThat(adapter.stagedDocuments().find(id, DocumentKind.KTP)).isEmpty();
        }
    }

    @Nested
    class ConcurrentWorkers {
        /**
         * A certificate registration and an identity verification of one user, started on two instances at the
         * same instant: each looked for an active submission and found none before either stored its own. The
         * database stores one; the other is the conflict naming it, as if it had come second.
         */
        @Test
        void aRegistrationAndAnIdentityVerificationOfOneUserStartedTogetherTakeOneSlot() throws Exception {
            TestDatabase database = newDatabase();
            PersistenceAdapter one = database.open();
            PersistenceAdapter other = database.open();
            CyclicBarrier bothLooked = new CyclicBarrier(2);
            MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
            RequestValidator validator = new RequestValidator(clock,
                    new DocumentInspector(WorkflowSettings.DEFAULT.documentLimits()));
            StartSubmissionService registrations = new StartSubmissionService(validator,
                    insertingOnceBothLooked(one.submissionStore(), bothLooked), one.stagedDocuments(),
                    new RecordingEventPublisher(), clock);
            SubmissionStore otherStore = insertingOnceBothLooked(other.submissionStore(), bothLooked);
            FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
            IdentityVerificationService verifications = new IdentityVerificationService(validator, otherStore,
                    new SubmissionDriver(platform, platform, otherStore, other.dueSubmissions(),
                            other.stagedDocuments(), new RecordingEventPublisher(), DriverObserver.NONE, clock,
                            new Random(7), WorkflowSettings.DEFAULT, "instance-2"),
                    new RecordingEventPublisher(), clock, WorkflowSettings.DEFAULT);
            StartCertificateRegistration registration = new StartCertificateRegistration("u-1",
                    TestData.PARTNER_USER_ID_TYPE, new UserDetailsForm(TestData.NAME, TestData.NIK,
                    TestData.DATE_OF_BIRTH, TestData.EMAIL, "0812-3456-7890", new DataVerificationForm(
                    new VerificationForm(true, "ev-1"), new VerificationForm(true, "pv-1"))), "en_ID",
                    List.of(new ConsentForm("Digi", "termsAndConditions", true,
                            Map.of("en_ID", new ConsentTextForm("https://partner.example/terms", "I agree")),
                            "1762934400000", "Mozilla/5.0", "2001:db8::7", null)),
                    Map.of(), DocumentSource.ofBytes(TestData.jpeg(8000)), DocumentSource.ofBytes(TestData.png(8000)),
                    null);
            StartIdentityVerification verification = new StartIdentityVerification("u-1",
                    TestData.PARTNER_USER_ID_TYPE, null, "081234567890",
                    new DataVerificationForm(null, new VerificationForm(true, "pv-1")), "SDK", null, null, null, null);

            List<Object> outcomes = together(List.of(
                    () -> startedOrRefused(() -> registrations.startCertificateRegistration(registration)),
                    () -> startedOrRefused(() -> verifications.startIdentityVerification(verification))));

            List<StartedSubmission> started = outcomes.stream().filter(StartedSubmission.class::isInstance)
                    .map(StartedSubmission.class::cast).toList();
            assertThat(started).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> !started.contains(outcome)).singleElement()
                    .isInstanceOfSatisfying(SubmissionConflictException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS);
                        assertThat(e.existing()).isEqualTo(started.get(0).submission().id());
                    });
            assertThat(database.strings("select id from submissions")).containsExactly(
                    started.get(0).submission().id().toString());
        }

        private static Object startedOrRefused(Callable<StartedSubmission> start) throws Exception {
            try {
                return start.call();
            } catch (SubmissionConflictException e) {
                return e;
            }
        }

        /** {@code store}, whose inserts wait until both starts have come to theirs: both looked before either. */
        private static SubmissionStore insertingOnceBothLooked(SubmissionStore store, CyclicBarrier bothLooked) {
            return (SubmissionStore) Proxy.newProxyInstance(SubmissionStore.class.getClassLoader(),
                    new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("insert")) {
                            bothLooked.await(30, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Test
        void aCopyLoadedBeforeAnotherInstanceSavedIsStaleThoughItsStoredStateIsRemembered() {
            TestDatabase database = newDatabase();
            PersistenceAdapter one = database.open();
            PersistenceAdapter other = database.open();
            Submission created = one.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            Submission loadedByOne = one.submissionStore().findById(created.id()).orElseThrow();
            Submission savedByOther = other.submissionStore().save(
                    other.submissionStore().findById(created.id()).orElseThrow().scheduleAt(at(1)));

            assertThatThrownBy(() -> one.submissionStore().save(initiated(loadedByOne, "plat-1", at(2))))
                    .isInstanceOf(StaleSubmissionException.class);
            assertThat(one.submissionStore().findById(created.id())).contains(savedByOther);
            // Saved from the copy the other instance left, the first instance's save goes through.
            Submission initiated = one.submissionStore().save(initiated(
                    one.submissionStore().findById(created.id()).orElseThrow(), "plat-1", at(2)));
            assertThat(other.submissionStore().findById(created.id())).contains(initiated);
        }

        /**
         * The database lost an instance's write (PostgreSQL failed over to a replica that had not received it, a
         * backup restored under running instances), and another instance wrote the same version again, at the same
         * instant and with the same history: the first must read the row as it is, not the state it remembers of its
         * own lost write, or its next save would build on a history the rows do not hold.
         */
        @Test
        void aVersionWrittenAgainAfterTheDatabaseLostTheRememberedWriteIsLoadedAsTheRowHoldsIt() throws SQLException {
            LostWrite lostWrite = versionTwoWrittenAgain(at(1));

            assertThat(lostWrite.writtenAgain().version()).isEqualTo(lostWrite.lost().version());
            assertThat(lostWrite.writtenAgain().snapshot().updatedAt())
                    .isEqualTo(lostWrite.lost().snapshot().updatedAt());
            assertThat(lostWrite.a().submissionStore().findById(lostWrite.lost().id()))
                    .contains(lostWrite.writtenAgain());
        }

        /**
         * A save from the state an instance remembers of its lost write goes through only if the rows would let it
         * through without that memory: here the history written again is not the one it extends.
         */
        @Test
        void aSaveFromALostWriteDoesNotGoThroughOverTheVersionWrittenAgain() throws SQLException {
            LostWrite lostWrite = versionTwoWrittenAgain(at(2));
            Submission fromLostWrite = lostWrite.lost().scheduleAt(at(20));

            assertThatThrownBy(() -> lostWrite.a().submissionStore().save(fromLostWrite))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history is append-only");
            assertThat(lostWrite.database().open().submissionStore().findById(lostWrite.lost().id()))
                    .contains(lostWrite.writtenAgain());
        }

        /** Instance a's write of version 2, lost by the database, and b's write of version 2 after it. */
        private record LostWrite(TestDatabase database, PersistenceAdapter a, Submission lost,
                                 Submission writtenAgain) {
        }

        private LostWrite versionTwoWrittenAgain(Instant writtenAgainAt) throws SQLException {
            TestDatabase database = newDatabase();
            PersistenceAdapter a = database.open();
            PersistenceAdapter b = database.open();
            Submission created = a.submissionStore().insert(TestData.newIdentityVerification(user("u-1"), T0));
            String row = " from submissions where id = '" + created.id() + "'";
            byte[] personal = database.bytes("select personal" + row);
            long nextStepAt = database.count("select next_step_at" + row);
            long updatedAt = database.count("select updated_at" + row);
            Submission lost = a.submissionStore().save(created.initiateVerification(new VerificationLaunch(
                    "sdk-token-a", java.net.URI.create("https://launch.example/a"), at(60)), at(10), at(1)));
            // The database loses that write: the row and its history as they were at version 1.
            try (Connection connection = database.rawConnection();
                 PreparedStatement back = connection.prepareStatement("update submissions set version = 1,"
                         + " status = 'CREATED', personal = ?, next_step_at = ?, updated_at = ? where id = ?");
                 Statement statement = connection.createStatement()) {
                back.setBytes(1, personal);
                back.setLong(2, nextStepAt);
                back.setLong(3, updatedAt);
                back.setString(4, created.id().toString());
                assertThat(back.executeUpdate()).isEqualTo(1);
                statement.execute("delete from submission_history where submission_id = '" + created.id()
                        + "' and seq >= " + created.history().size());
            }
            Submission loadedByB = b.submissionStore().findById(created.id()).orElseThrow();
            assertThat(loadedByB).isEqualTo(created);
            Submission writtenAgain = b.submissionStore().save(loadedByB.initiateVerification(new VerificationLaunch(
                    "sdk-token-b", java.net.URI.create("https://launch.example/b"), at(60)), at(10), writtenAgainAt));
            return new LostWrite(database, a, lost, writtenAgain);
        }

        @Test
        void aSaveFromARememberedStateStoresTheSameRowsAsOneThatReadsThem() {
            TestDatabase database = newDatabase();
            PersistenceAdapter remembering = database.open();
            Submission created = remembering.submissionStore().insert(
                    TestData.newCertificateRegistration(user("u-1"), T0));
            // Each save follows the one before (remembered), or a fresh instance's load (remembered), or nothing.
            Submission s = remembering.submissionStore().save(initiated(created, "plat-1", at(1)));
            s = remembering.submissionStore().save(s.markUploaded(DocumentKind.KTP, at(2)));
            PersistenceAdapter fresh = database.open();
            s = fresh.submissionStore().save(fresh.submissionStore().findById(s.id()).orElseThrow()
                    .markUploaded(DocumentKind.SELFIE, at(3)));
            s = remembering.submissionStore().save(remembering.submissionStore().findById(s.id()).orElseThrow()
                    .confirm(at(30), at(4)));

            Submission reloaded = database.open().submissionStore().findById(s.id()).orElseThrow();
            assertThat(reloaded).isEqualTo(s);
            assertThat(reloaded.documents().values()).extracting(Document::state).containsOnly(
                    UploadState.UPLOADED);
            assertThat(database.count("select count(*) from submission_history where submission_id = '"
                    + s.id() + "'")).isEqualTo(s.history().size());
        }
    }
}
