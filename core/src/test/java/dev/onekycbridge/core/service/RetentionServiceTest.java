package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.in.PurgeReport;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.testing.TestData;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetentionServiceTest {
    private static final Duration RETENTION = Duration.ofDays(30);

    private final WorkflowFixture f = new WorkflowFixture();
    private final RetentionService retention = new RetentionService(f.store, f.store, f.staged, f.inbox, f.clock);

    @Test
    void personalDataOfFinalSubmissionsOlderThanTheRetentionIsErasedAndActiveOnesAreKept() {
        Submission old = failedRegistration("old");
        Submission active = f.store.insert(TestData.newCertificateRegistration(TestData.partnerUser("active"),
                f.clock.instant()));
        f.advance(Duration.ofDays(31));

        PurgeReport report = retention.purgeOlderThan(RETENTION);

        assertThat(report.submissions()).isEqualTo(1);
        Submission erased = f.store.findById(old.id()).orElseThrow();
        assertThat(erased.input()).isEmpty();
        assertThat(erased.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(f.store.findById(active.id()).orElseThrow().input()).isPresent();
        assertThat(retention.purgeOlderThan(RETENTION)).isEqualTo(new PurgeReport(0, 0, 0));
    }

    /** A submission that cannot be read (its stored data damaged, say) holds back neither the others nor the rest. */
    @Test
    void aSubmissionThatCannotBeReadIsLeftAndEverythingElseIsPurged() {
        Submission damaged = failedRegistration("damaged");
        f.advance(Duration.ofSeconds(1));
        Submission readable = failedRegistration("readable");
        long settled = f.inbox.append(CallbackChannel.SIV, "{\"submissionId\":\"plat-1\"}", f.clock.instant())
                .entryId();
        f.inbox.markApplied(settled, f.clock.instant());
        f.advance(Duration.ofDays(31));
        SubmissionStore damaging = (SubmissionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findById") && damaged.id().equals(args[0])) {
                        throw new IllegalStateException("a stored value is not in a known encrypted format");
                    }
                    return method.invoke(f.store, args);
                });

        PurgeReport report = new RetentionService(damaging, f.store, f.staged, f.inbox, f.clock)
                .purgeOlderThan(RETENTION);

        assertThat(report.submissions()).isEqualTo(1);
        assertThat(report.callbackBodies()).isEqualTo(1);
        assertThat(f.store.findById(readable.id()).orElseThrow().input()).isEmpty();
        assertThat(f.store.findById(damaged.id()).orElseThrow().input()).isPresent();
    }

    /** The unreadable ones come first (the oldest) and fill a whole batch: the purge goes on past them. */
    @Test
    void aFullBatchOfSubmissionsThatCannotBeReadDoesNotHoldBackTheOnesAfterIt() {
        Set<SubmissionId> damaged = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Submission submission = failedRegistration("damaged-" + i);
            damaged.add(submission.id());
        }
        f.advance(Duration.ofSeconds(1));
        Submission readable = failedRegistration("readable");
        f.advance(Duration.ofDays(31));
        SubmissionStore damaging = (SubmissionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findById") && damaged.contains(args[0])) {
                        throw new IllegalStateException("a stored value is not in a known encrypted format");
                    }
                    return method.invoke(f.store, args);
                });
        RetentionService purging = new RetentionService(damaging, f.store, f.staged, f.inbox, f.clock);

        assertThat(purging.purgeOlderThan(RETENTION).submissions()).isEqualTo(1);
        assertThat(f.store.findById(readable.id()).orElseThrow().input()).isEmpty();
        assertThat(purging.purgeOlderThan(RETENTION).submissions()).isZero();
        assertThat(damaged).allSatisfy(id -> assertThat(f.store.findById(id).orElseThrow().input()).isPresent());
    }

    /**
     * Purges run side by side (each instance's hourly one, {@code purge} from the command line): one that found a
     * submission already purged by another when it read it wrote it again and counted it as its own, so three
     * purges of 596 submissions reported 1,304.
     */
    @Test
    void aSubmissionAnotherPurgeErasedMeanwhileIsNeitherWrittenAgainNorCounted() {
        Submission finished = failedRegistration("done");
        f.advance(Duration.ofDays(31));
        AtomicLong purgedByOther = new AtomicLong();
        SubmissionStore racing = (SubmissionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findById") && finished.id().equals(args[0])) {
                        Submission found = f.store.findById(finished.id()).orElseThrow();
                        if (found.input().isPresent()) {
                            purgedByOther.set(f.store.save(found.purgePersonalData(f.clock.instant())).version());
                        }
                    }
                    return method.invoke(f.store, args);
                });

        PurgeReport report = new RetentionService(racing, f.store, f.staged, f.inbox, f.clock)
                .purgeOlderThan(RETENTION);

        assertThat(report.submissions()).isZero();
        Submission erased = f.store.findById(finished.id()).orElseThrow();
        assertThat(erased.input()).isEmpty();
        assertThat(erased.history()).filteredOn(entry -> entry.kind() == HistoryKind.PURGED).hasSize(1);
        assertThat(erased.version()).as("written once, by the other purge").isEqualTo(purgedByOther.get());
    }

    @Test
    void theBodiesOfCallbacksSettledBeforeTheRetentionAreErasedAndThoseStillPendingAreKept() {
        String ktpData = "{\"submissionId\":\"plat-1\",\"ktpData\":{\"nik\":\"" + TestData.NIK + "\"}}";
        long applied = f.inbox.append(CallbackChannel.SIV, ktpData, f.clock.instant()).entryId();
        f.inbox.markApplied(applied, f.clock.instant());
        long pending = f.inbox.append(CallbackChannel.COE, ktpData, f.clock.instant()).entryId();
        f.advance(Duration.ofDays(31));
        long recent = f.inbox.append(CallbackChannel.ESIGN, ktpData, f.clock.instant()).entryId();
        f.inbox.markApplied(recent, f.clock.instant());

        PurgeReport report = retention.purgeOlderThan(RETENTION);

        assertThat(report.callbackBodies()).isEqualTo(1);
        assertThat(f.inbox.isErased(applied)).isTrue();
        assertThat(f.inbox.isErased(pending)).isFalse();
        assertThat(f.inbox.isErased(recent)).isFalse();
    }

    /** The period counts from when a callback settled: one parked longer than it is not erased as it settles. */
    @Test
    void theBodyOfACallbackParkedLongerThanTheRetentionIsKeptForTheRetentionAfterItSettled() {
        long parkedLong = f.inbox.append(CallbackChannel.SIV, "{\"submissionId\":\"plat-1\"}", f.clock.instant())
                .entryId();
        f.inbox.park(parkedLong, "the platform cannot be reached", f.clock.instant());
        f.advance(Duration.ofDays(31));
        f.inbox.markApplied(parkedLong, f.clock.instant());

        assertThat(retention.purgeOlderThan(RETENTION).callbackBodies()).isZero();
        assertThat(f.inbox.isErased(parkedLong)).isFalse();

        f.advance(Duration.ofDays(31));
        assertThat(retention.purgeOlderThan(RETENTION).callbackBodies()).isEqualTo(1);
        assertThat(f.inbox.isErased(parkedLong)).isTrue();
    }

    @Test
    void imagesStagedBeforeTheRetentionForASubmissionNeverStoredAreDiscarded() {
        SubmissionId neverStored = SubmissionId.random();
        f.staged.stageAll(neverStored, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(2048))));
        Submission stored = f.store.insert(TestData.newKtpScan(TestData.partnerUser("u-1"), f.clock.instant()));
        f.staged.stageAll(stored.id(), Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(2048))));
        f.advance(Duration.ofDays(31));
        SubmissionId stagingNow = SubmissionId.random();
        f.staged.stageAll(stagingNow, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(2048))));

        PurgeReport report = retention.purgeOlderThan(RETENTION);

        assertThat(report.orphanedImages()).isEqualTo(1);
        assertThat(f.staged.find(neverStored, DocumentKind.KTP)).isEmpty();
        assertThat(f.staged.find(stored.id(), DocumentKind.KTP)).isPresent();
        assertThat(f.staged.find(stagingNow, DocumentKind.KTP)).isPresent();
    }

    /**
     * A registration refused with 503 whose images could not be discarded then (the database was down) left them
     * for the whole retention period on PostgreSQL, against an hour for SQLite's image files.
     */
    @Test
    void imagesOfASubmissionNeverStoredAreDiscardedOnceAnHourOldWhateverTheRetention() {
        SubmissionId refused = SubmissionId.random();
        f.staged.stageAll(refused, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(2048))));
        f.advance(StagedDocuments.ORPHAN_AGE.minusMinutes(10));
        SubmissionId stagingNow = SubmissionId.random();
        f.staged.stageAll(stagingNow, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(2048))));
        f.advance(Duration.ofMinutes(11));

        PurgeReport report = retention.purgeOlderThan(RETENTION);

        assertThat(report.orphanedImages()).isEqualTo(1);
        assertThat(f.staged.find(refused, DocumentKind.KTP)).isEmpty();
        assertThat(f.staged.find(stagingNow, DocumentKind.KTP)).as("possibly an intake about to store it")
                .isPresent();
    }

    @Test
    void aBacklogLargerThanOneBatchIsPurgedInOneRun() {
        for (int i = 0; i < 250; i++) {
            f.inbox.markApplied(f.inbox.append(CallbackChannel.ESIGN, "{\"n\":" + i + "}", f.clock.instant())
                    .entryId(), f.clock.instant());
        }
        f.advance(Duration.ofDays(31));

        assertThat(retention.purgeOlderThan(RETENTION).callbackBodies()).isEqualTo(250);
    }

    /** A certificate registration of {@code userId}, stored and then failed: finished, so the purge may erase it. */
    private Submission failedRegistration(String userId) {
        Submission stored = f.store.insert(TestData.newCertificateRegistration(TestData.partnerUser(userId),
                f.clock.instant()));
        f.store.save(stored.fail(new Failure("400", "X"), TransitionSource.DRIVER, f.clock.instant()));
        return stored;
    }
}
