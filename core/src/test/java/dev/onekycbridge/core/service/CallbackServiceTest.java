package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.SimulatedCrash;
import dev.onekycbridge.core.testing.TestData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallbackServiceTest {
    private final WorkflowFixture f = new WorkflowFixture();
    private final CallbackService callbacks = new CallbackService(f.inbox, new FakeMessageDecoder(), f.store,
            f.staged, f.events, CallbackObserver.NONE, f.clock, new Random(3), f.settings,
            id -> f.driver.reconcile(id));

    private Submission confirmed() {
        Submission s = f.accepted();
        f.runUntilIdle();
        return f.store.findById(s.id()).orElseThrow();
    }

    /** A certificate registration as the intake stores it, with its two images staged. */

    private Submission reload(Submission s) {
        return f.store.findById(s.id()).orElseThrow();
    }

    private Submission confirmedKtpScan() {
        Submission s = TestData.newKtpScan(new PartnerUser("scan-user", TestData.PARTNER_USER_ID_TYPE),
                f.clock.instant());
        f.staged.stageAll(s.id(), Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
        f.store.insert(s);
        f.runUntilIdle();
        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        // What the platform's details will say: the verdict, with the data read from the card.
        f.platform.report(confirmed.platformSubmissionId().orElseThrow(), Outcome.of(PlatformStatus.COMPLETED,
                Result.VALID, null, null, SubmissionFixtures.ktpData(), null, null));
        return confirmed;
    }

    /** The callback COE sends: the verdict without the card's data (onekyc-api.md §6.6). */
    private CallbackReceipt scanCompleted(Submission scan) {
        return callbacks.accept(CallbackChannel.COE,
                FakeMessageDecoder.body(scan.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID"));
    }

    private InboxEntry entry(long id) {
        return f.inbox.all().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    @Test
    void aCallbackIsStoredBeforeItIsAppliedAndThenMovesItsSubmission() {
        Submission s = confirmed();
        String body = FakeMessageDecoder.body(s.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID");

        CallbackReceipt receipt = callbacks.accept(CallbackChannel.ESIGN, body);

        assertThat(receipt).isInstanceOf(CallbackReceipt.Accepted.class);
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PENDING);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);

        assertThat(callbacks.processDueCallbacks(10)).isEqualTo(1);

        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.history()).last().extracting(h -> h.source()).isEqualTo(TransitionSource.CALLBACK);
        assertThat(f.events.events()).anyMatch(e -> e.finished() && e.submission().id().equals(s.id()));
    }

    /** The process dies once the platform has the confirm, before its answer is saved. */
    @Test
    void aCallbackThatMovesASubmissionPastTheConfirmTheDriverNeverSavedDiscardsTheStagedImages() {
        Submission s = f.accepted();
        f.platform.crashAfterNext(FakeOneKycPlatform.Call.CONFIRM);
        assertThatThrownBy(f::runUntilIdle).isInstanceOf(SimulatedCrash.class);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.UPLOADED);
        assertThat(f.staged.count()).as("kept until the platform has them").isEqualTo(2);

        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(reload(s).platformSubmissionId()
                .orElseThrow(), "PARTIALLY_COMPLETED", "VALID"));
        callbacks.processDueCallbacks(10);

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.PARTIALLY_COMPLETED);
        assertThat(f.staged.count()).isZero();
    }

    /** The callback is saved while the platform's answer to the confirm is on its way: the confirm's save is stale. */
    @Test
    void aCallbackSavedBeforeTheDriversConfirmDiscardsTheStagedImagesTheStaleConfirmLeavesBehind() {
        Submission s = f.accepted();
        AtomicBoolean overtaken = new AtomicBoolean();
        DueSubmissions overtaking = (DueSubmissions) Proxy.newProxyInstance(DueSubmissions.class.getClassLoader(),
                new Class<?>[] {DueSubmissions.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("saveAndRe")
                            && ((Submission) args[0]).status() == SubmissionStatus.CONFIRMED
                            && !overtaken.getAndSet(true)) {
                        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(((Submission) args[0])
                                .platformSubmissionId().orElseThrow(), "PARTIALLY_COMPLETED", "VALID"));
                        callbacks.processDueCallbacks(10);
                    }
                    try {
                        return method.invoke(f.store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        f.driver = new SubmissionDriver(f.platform, f.platform, f.store, overtaking, f.staged, f.events,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        f.runUntilIdle();

        assertThat(overtaken).isTrue();
        Submission partial = reload(s);
        assertThat(partial.status()).isEqualTo(SubmissionStatus.PARTIALLY_COMPLETED);
        assertThat(partial.history()).noneMatch(entry -> entry.to() == SubmissionStatus.CONFIRMED);
        assertThat(f.platform.held(partial.platformSubmissionId().orElseThrow()).confirms).isEqualTo(1);
        assertThat(f.staged.count()).isZero();
    }

    /** The platform's details say INVALID, its callback REJECTED: one rejection, not a conflict for an operator. */
    @Test
    void aCallbackNamingAsRejectedWhatAPollFoundInvalidChangesNothing() {
        Submission s = confirmed();
        String id = s.platformSubmissionId().orElseThrow();
        f.platform.report(id, Outcome.of(PlatformStatus.COMPLETED, Result.INVALID,
                ReasonCode.of("NOT_EKTP"), null, null, null, null));
        f.driver.reconcile(s.id());
        Submission polled = reload(s);
        assertThat(polled.status()).isEqualTo(SubmissionStatus.COMPLETED);

        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(id, "COMPLETED", "REJECTED")
                + ";reasonCode=NOT_EKTP");
        callbacks.processDueCallbacks(10);

        assertThat(f.inbox.all()).singleElement().extracting(InboxEntry::state).isEqualTo(InboxState.APPLIED);
        assertThat(reload(s).conflicts()).isEmpty();
        assertThat(reload(s).version()).isEqualTo(polled.version());
        assertThat(reload(s).outcome().orElseThrow().result()).isEqualTo(Result.INVALID);
    }

    @Test
    void aDuplicateCallbackIsAnsweredButChangesNothing() {
        Submission s = confirmed();
        String body = FakeMessageDecoder.body(s.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID");
        CallbackReceipt first = callbacks.accept(CallbackChannel.ESIGN, body);
        callbacks.processDueCallbacks(10);
        long version = reload(s).version();

        CallbackReceipt second = callbacks.accept(CallbackChannel.ESIGN, body);

        assertThat(second).isEqualTo(new CallbackReceipt.Duplicate(first.entryId()));
        assertThat(callbacks.processDueCallbacks(10)).isZero();
        assertThat(reload(s).version()).isEqualTo(version);
        assertThat(f.inbox.all()).hasSize(1);
    }

    @Test
    void anUnreadableCallbackIsRejectedAndKeptForAudit() {
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.ESIGN, "this is not a callback");

        assertThat(receipt).isInstanceOf(CallbackReceipt.Rejected.class);
        assertThat(((CallbackReceipt.Rejected) receipt).reason()).isEqualTo("not a key=value message");
        InboxEntry kept = entry(receipt.entryId());
        assertThat(kept.state()).isEqualTo(InboxState.REJECTED);
        assertThat(kept.body()).isEqualTo("this is not a callback");
        assertThat(callbacks.processDueCallbacks(10)).isZero();
    }

    @Test
    void aCallbackForAnUnknownSubmissionIsParkedAndAppliedOnceTheSubmissionIsKnown() {
        String body = FakeMessageDecoder.body("not-yet-known", "COMPLETED", "VALID");
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.ESIGN, body);

        callbacks.processDueCallbacks(10);

        InboxEntry parked = entry(receipt.entryId());
        assertThat(parked.state()).isEqualTo(InboxState.PARKED);
        assertThat(parked.attempts()).isEqualTo(1);
        assertThat(parked.lastError()).isEqualTo("no submission matches the callback yet");
        assertThat(parked.nextAttemptAt()).isAfter(f.clock.instant());

        Submission s = confirmed();
        // The platform's id of the confirmed submission is random; re-send the callback under it after parking.
        CallbackReceipt real = callbacks.accept(CallbackChannel.ESIGN,
                FakeMessageDecoder.body(s.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID"));
        callbacks.processDueCallbacks(10);
        assertThat(entry(real.entryId()).state()).isEqualTo(InboxState.APPLIED);

        f.advance(Duration.ofHours(1));
        callbacks.processDueCallbacks(10);
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PARKED);
        assertThat(entry(receipt.entryId()).attempts()).isEqualTo(2);
    }

    @Test
    void aCallbackNoSubmissionMatchesIsRetriedThroughItsMatchWindowThenKeptAsUnmatched() {
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.ESIGN,
                FakeMessageDecoder.body("never-known", "COMPLETED", "VALID"));
        java.time.Instant giveUpAt = f.clock.instant().plus(f.settings.matchWindow());

        callbacks.processDueCallbacks(10);
        while (f.clock.instant().plus(Duration.ofMinutes(30)).isBefore(giveUpAt)) {
            f.advance(Duration.ofMinutes(30));
            callbacks.processDueCallbacks(10);
            assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PARKED);
        }
        int retried = entry(receipt.entryId()).attempts();
        f.advance(Duration.ofMinutes(30));
        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            callbacks.processDueCallbacks(10);

            assertThat(log.at(java.util.logging.Level.INFO)).containsExactly("callback " + receipt.entryId()
                    + " (ESIGN) is kept as unmatched: no submission matched the callback within PT24H of its arrival");
        }

        InboxEntry kept = entry(receipt.entryId());
        assertThat(retried).as("retried all along").isBetween(10, 60);
        assertThat(kept.state()).isEqualTo(InboxState.UNMATCHED);
        assertThat(kept.lastError()).isEqualTo("no submission matched the callback within PT24H of its arrival");
        assertThat(kept.body()).isEqualTo(FakeMessageDecoder.body("never-known", "COMPLETED", "VALID"));
        f.advance(Duration.ofDays(30));
        assertThat(callbacks.processDueCallbacks(10)).isZero();
    }

    @Test
    void callbacksArrivingOutOfOrderEndInTheFinalState() {
        Submission s = confirmed();
        String id = s.platformSubmissionId().orElseThrow();
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(id, "COMPLETED", "VALID"));
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(id, "PARTIALLY_COMPLETED", "VALID"));

        callbacks.processDueCallbacks(10);

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.history()).last().extracting(h -> h.kind())
                .isEqualTo(dev.onekycbridge.core.submission.HistoryKind.STALE_REPORT);
        assertThat(f.inbox.all()).allMatch(e -> e.state() == InboxState.APPLIED);
    }

    @Test
    void anIdentityVerificationResultIsMatchedByTheSessionIdOfItsLaunch() {
        Submission launched = TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant())
                .recordConfirmAttempt(f.clock.instant())
                .initiateVerification(new VerificationLaunch("tok", null, f.clock.instant().plus(Duration.ofDays(1))),
                        f.clock.instant().plus(Duration.ofMinutes(10)), f.clock.instant());
        f.store.insert(launched);

        callbacks.accept(CallbackChannel.SIV, "submissionId=siv-77;partnerSessionId=" + launched.partnerSessionId()
                + ";status=COMPLETED;result=VALID");
        callbacks.processDueCallbacks(10);

        Submission done = reload(launched);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.platformSubmissionId()).contains("siv-77");
    }

    @Test
    void anIdentityVerificationResultNamingAnotherSessionIsNotTakenForThePartnerUsersActiveVerification() {
        Submission launched = TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant())
                .recordConfirmAttempt(f.clock.instant())
                .initiateVerification(new VerificationLaunch("tok", null, f.clock.instant().plus(Duration.ofDays(1))),
                        f.clock.instant().plus(Duration.ofMinutes(10)), f.clock.instant());
        f.store.insert(launched);

        // The result of a launch under another session: one the bridge renewed away from, or not the bridge's.
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.SIV, "submissionId=siv-79;partnerSessionId="
                + "another-session;userId=" + TestData.PARTNER_USER_ID + ";userIdType="
                + TestData.PARTNER_USER_ID_TYPE + ";status=ERROR;reasonCode=SYSTEM_ERROR");
        callbacks.processDueCallbacks(10);

        assertThat(reload(launched).status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(reload(launched).platformSubmissionId()).isEmpty();
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PARKED);
    }

    @Test
    void anIdentityVerificationResultWithoutSessionIdIsMatchedByThePartnerUsersActiveVerification() {
        Submission launched = TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant())
                .recordConfirmAttempt(f.clock.instant())
                .initiateVerification(new VerificationLaunch("tok", null, f.clock.instant().plus(Duration.ofDays(1))),
                        f.clock.instant().plus(Duration.ofMinutes(10)), f.clock.instant());
        f.store.insert(launched);

        callbacks.accept(CallbackChannel.SIV, "submissionId=siv-78;userId=" + TestData.PARTNER_USER_ID
                + ";userIdType=" + TestData.PARTNER_USER_ID_TYPE + ";status=PARTIALLY_COMPLETED;result=VALID");
        callbacks.processDueCallbacks(10);

        assertThat(reload(launched).status()).isEqualTo(SubmissionStatus.PARTIALLY_COMPLETED);
    }

    @Test
    void anIdentityVerificationResultWithoutSessionIdNamingAnEarlierVerificationsIdGoesToThatOneAlone() {
        Submission earlier = f.store.insert(launchedVerification());
        callbacks.accept(CallbackChannel.SIV, "submissionId=siv-80;partnerSessionId=" + earlier.partnerSessionId()
                + ";status=COMPLETED;result=INVALID;reasonCode=DUKCAPIL_REJECTED");
        callbacks.processDueCallbacks(10);
        assertThat(reload(earlier).status()).isEqualTo(SubmissionStatus.COMPLETED);
        Submission active = f.store.insert(launchedVerification());

        // The earlier verification's result again, without its session: the user's active one has no id to compare.
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.SIV, "submissionId=siv-80;userId="
                + TestData.PARTNER_USER_ID + ";userIdType=" + TestData.PARTNER_USER_ID_TYPE
                + ";status=COMPLETED;result=INVALID;reasonCode=DUKCAPIL_REJECTED");
        callbacks.processDueCallbacks(10);

        assertThat(reload(active).status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(reload(active).platformSubmissionId()).isEmpty();
        assertThat(reload(earlier).platformSubmissionId()).contains("siv-80");
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
    }

    /** An identity verification launched and waiting for its user, not stored yet. */
    private Submission launchedVerification() {
        return TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant())
                .recordConfirmAttempt(f.clock.instant())
                .initiateVerification(new VerificationLaunch("tok", null, f.clock.instant().plus(Duration.ofDays(1))),
                        f.clock.instant().plus(Duration.ofMinutes(10)), f.clock.instant());
    }

    @Test
    void aKtpScanCompletedByACallbackGetsTheCardsDataFromThePlatformsDetailsBeforeTheCallbackCountsAsApplied() {
        Submission scan = confirmedKtpScan();
        CallbackReceipt receipt = scanCompleted(scan);
        int reads = f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT);

        callbacks.processDueCallbacks(10);

        Submission completed = reload(scan);
        assertThat(completed.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(completed.outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
        assertThat(f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT)).isEqualTo(reads + 1);
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);

        // The same callback again asks nothing more: the scan has its data.
        callbacks.accept(CallbackChannel.COE, FakeMessageDecoder.body(scan.platformSubmissionId().orElseThrow(),
                "COMPLETED", "VALID") + ";flow=KTP_SCAN");
        callbacks.processDueCallbacks(10);
        assertThat(f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT)).isEqualTo(reads + 1);
    }

    @Test
    void aKtpScanWhoseDetailsCannotBeReadNowShowsItsVerdictAndKeepsItsCallbackParkedUntilTheyCan() {
        Submission scan = confirmedKtpScan();
        CallbackReceipt receipt = scanCompleted(scan);
        f.platform.failNext(FakeOneKycPlatform.Call.FETCH_RESULT,
                () -> new PlatformUnavailableException("HTTP 503", 503, null, null));

        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isNull();
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PARKED);

        f.clock.advance(Duration.ofMinutes(10));
        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
    }

    /**
     * The KTP scan's details are read for minutes (the platform slow, the read retried), past the lease of the batch
     * the worker claimed, while a second worker on the same inbox polls: it takes the rest of the batch over, and
     * leaves the scan's callback, whose lease was extended for the read. Before, the second worker read the scan's
     * details too, and the first went on to process the rest of the batch once its read was done: each callback
     * applied twice, with the platform's calls doubled.
     */
    @Test
    void aSlowDetailsReadLetsAnotherWorkerTakeTheRestOfTheBatchOverAndTheyAreProcessedOnce() {
        Submission scan = confirmedKtpScan();
        Submission first = confirmedFor("u-first");
        Submission second = confirmedFor("u-second");
        scanCompleted(scan);
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(platformId(first), "COMPLETED", "VALID"));
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(platformId(second), "COMPLETED", "VALID"));
        Map<String, Integer> processed = new java.util.concurrent.ConcurrentHashMap<>();
        CallbackService one = worker(processed, "one");
        CallbackService other = worker(processed, "other");
        int[] takenOver = new int[1];
        f.platform.meanwhileNext(FakeOneKycPlatform.Call.FETCH_RESULT, () -> {
            f.clock.advance(Duration.ofSeconds(3 * 70));
            takenOver[0] = other.processDueCallbacks(10);
        });
        int reads = f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT);

        assertThat(one.processDueCallbacks(10)).isEqualTo(3);

        assertThat(takenOver[0]).as("the rest of the batch, its lease run out").isEqualTo(2);
        assertThat(processed).containsOnly(Map.entry("one COE applied", 1), Map.entry("other ESIGN applied", 2));
        assertThat(f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT)).isEqualTo(reads + 1);
        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
        assertThat(f.inbox.all()).extracting(InboxEntry::state).containsOnly(InboxState.APPLIED);
    }

    /** Nobody took the rest of the batch over: the worker renews its lease of each and goes on. */
    @Test
    void aSlowDetailsReadNoOtherWorkerTookOverFromLeavesTheRestOfTheBatchToTheWorker() {
        Submission scan = confirmedKtpScan();
        Submission first = confirmedFor("u-first");
        scanCompleted(scan);
        callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(platformId(first), "COMPLETED", "VALID"));
        Map<String, Integer> processed = new java.util.concurrent.ConcurrentHashMap<>();
        CallbackService one = worker(processed, "one");
        CallbackService other = worker(processed, "other");
        f.platform.meanwhileNext(FakeOneKycPlatform.Call.FETCH_RESULT, () -> f.clock.advance(Duration.ofSeconds(50)));

        one.processDueCallbacks(10);
        int claimedAfter = other.processDueCallbacks(10);

        assertThat(claimedAfter).isZero();
        assertThat(processed).containsOnly(Map.entry("one COE applied", 1), Map.entry("one ESIGN applied", 1));
        assertThat(reload(first).status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    /** A worker on the fixture's inbox, counting what it processed by its name, the channel and the outcome. */
    private CallbackService worker(Map<String, Integer> processed, String name) {
        CallbackObserver counting = new CallbackObserver() {
            @Override
            public void processed(CallbackChannel channel, String outcome) {
                processed.merge(name + " " + channel + " " + outcome, 1, Integer::sum);
            }
        };
        return new CallbackService(f.inbox, new FakeMessageDecoder(), f.store, f.staged, f.events, counting, f.clock,
                new Random(3), f.settings, id -> f.driver.reconcile(id));
    }

    /** A certificate registration of its own user, confirmed on the platform. */
    private Submission confirmedFor(String userId) {
        Submission s = TestData.newCertificateRegistration(new PartnerUser(userId, TestData.PARTNER_USER_ID_TYPE),
                f.clock.instant());
        f.staged.stageAll(s.id(), Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)),
                DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
        f.store.insert(s);
        f.runUntilIdle();
        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        return confirmed;
    }

    private static String platformId(Submission submission) {
        return submission.platformSubmissionId().orElseThrow();
    }

    /** As in a process that drives one submission alone, beside the service that drives the others. */
    @Test
    void aKtpScanWhoseDetailsAreLeftToAnotherInstanceKeepsItsCallbackParkedWithoutAWarning() {
        Submission scan = confirmedKtpScan();
        CallbackReceipt receipt = scanCompleted(scan);
        CallbackService leaving = new CallbackService(f.inbox, new FakeMessageDecoder(), f.store, f.staged, f.events,
                CallbackObserver.NONE, f.clock, new Random(3), f.settings, id -> {
                    throw new SubmissionBusyException(id);
                });

        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            leaving.processDueCallbacks(10);

            assertThat(log.at(java.util.logging.Level.WARNING)).isEmpty();
            assertThat(log.at(java.util.logging.Level.INFO)).containsExactly("callback " + receipt.entryId()
                    + " is left to the instance that drives submission " + scan.id());
        }
        assertThat(reload(scan).status()).isEqualTo(SubmissionStatus.COMPLETED);
        InboxEntry parked = entry(receipt.entryId());
        assertThat(parked.state()).isEqualTo(InboxState.PARKED);
        assertThat(parked.lastError()).isEqualTo("left to the instance that drives the submission");

        f.clock.advance(Duration.ofMinutes(10));
        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
    }

    @Test
    void aKtpScanWhoseDetailsThePlatformRefusesKeepsItsVerdictWithoutTheCardsData() {
        Submission scan = confirmedKtpScan();
        CallbackReceipt receipt = scanCompleted(scan);
        f.platform.failNext(FakeOneKycPlatform.Call.FETCH_RESULT,
                () -> new PlatformRejectedException(404, List.of()));

        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isNull();
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
    }

    @Test
    void aKtpScanWhoseDetailsLagItsCallbackKeepsTheCallbackParkedUntilTheyHoldTheCardsData() {
        Submission scan = confirmedKtpScan();
        String platformId = scan.platformSubmissionId().orElseThrow();
        f.platform.report(platformId, Outcome.ofStatus(PlatformStatus.IN_PROGRESS));
        CallbackReceipt receipt = scanCompleted(scan);

        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isNull();
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PARKED);

        f.platform.report(platformId, Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null,
                SubmissionFixtures.ktpData(), null, null));
        f.clock.advance(Duration.ofMinutes(10));
        callbacks.processDueCallbacks(10);

        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
    }

    @Test
    void aKtpScanWhoseDetailsNeverHoldTheCardsDataIsAskedAboutAFewTimesThenLeftAsItIs() {
        Submission scan = confirmedKtpScan();
        f.platform.report(scan.platformSubmissionId().orElseThrow(), Outcome.of(PlatformStatus.COMPLETED,
                Result.INVALID, null, null, null, null, null));
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.COE,
                FakeMessageDecoder.body(scan.platformSubmissionId().orElseThrow(), "COMPLETED", "INVALID"));
        int reads = f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT);

        for (int round = 0; round < 3 * CallbackService.CARD_DATA_ATTEMPTS; round++) {
            callbacks.processDueCallbacks(10);
            f.clock.advance(Duration.ofHours(1));
        }

        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
        assertThat(f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT) - reads)
                .isEqualTo(CallbackService.CARD_DATA_ATTEMPTS + 1);
        assertThat(reload(scan).outcome().orElseThrow().result()).isEqualTo(Result.INVALID);
        assertThat(reload(scan).outcome().orElseThrow().ktpData()).isNull();
    }

    @Test
    void aCallbackNamingTheOtherEsignFlowIsKeptAsUnmatchedAndNeverApplied() {
        Submission s = confirmed();
        CallbackReceipt receipt = callbacks.accept(CallbackChannel.SIV, FakeMessageDecoder.body(
                s.platformSubmissionId().orElseThrow(), "COMPLETED", "INVALID")
                + ";reasonCode=NOT_EKTP;flow=STANDALONE_IDENTITY_VERIFICATION");

        callbacks.processDueCallbacks(10);

        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.UNMATCHED);
        assertThat(entry(receipt.entryId()).lastError())
                .isEqualTo("the callback names the flow STANDALONE_IDENTITY_VERIFICATION, the submission it names"
                        + " is a CERT_REG");
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(reload(s).version()).isEqualTo(s.version());
    }

    @Test
    void aCertificateRegistrationCompletedByACallbackAsksThePlatformForNothing() {
        Submission s = confirmed();
        int reads = f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT);
        callbacks.accept(CallbackChannel.ESIGN,
                FakeMessageDecoder.body(s.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID"));

        callbacks.processDueCallbacks(10);

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(f.platform.calls(FakeOneKycPlatform.Call.FETCH_RESULT)).isEqualTo(reads);
    }
}
