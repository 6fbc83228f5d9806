package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DriverStep;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.FakeOneKycPlatform.Call;
import dev.onekycbridge.core.testing.SimulatedCrash;
import dev.onekycbridge.core.testing.TestData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubmissionDriverTest {
    private final WorkflowFixture f = new WorkflowFixture();


    private Submission reload(Submission s) {
        return f.store.findById(s.id()).orElseThrow();
    }

    private static Outcome completedValid() {
        return Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null, null);
    }

    @Test
    void aRegistrationIsUploadedAndConfirmedStepByStepAndTheStagedImagesAreThenDiscarded() {
        Submission s = f.accepted();

        f.runUntilIdle();

        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        FakeOneKycPlatform.Held held = f.platform.held(confirmed.platformSubmissionId().orElseThrow());
        assertThat(held.uploads.get(DocumentKind.KTP)).isEqualTo(TestData.jpeg(4096));
        assertThat(held.uploads.get(DocumentKind.SELFIE)).isEqualTo(TestData.png(4096));
        assertThat(held.confirms).isEqualTo(1);
        assertThat(held.confirmSessionId).isEqualTo(confirmed.partnerSessionId());
        assertThat(f.staged.count()).isZero();
        assertThat(f.platform.calls(Call.REQUEST_UPLOAD_URLS)).isEqualTo(1);
        assertThat(f.platform.calls(Call.UPLOAD)).isEqualTo(2);
        assertThat(confirmed.schedule().nextStepAt()).isEqualTo(f.clock.instant().plus(f.settings.pollAfter()));
    }

    @Test
    void withoutACallbackTheDriverPollsAfterTheWaitAndFinishesTheSubmission() {
        Submission s = f.accepted();
        f.runUntilIdle();
        f.platform.report(reload(s).platformSubmissionId().orElseThrow(), completedValid());

        f.advance(Duration.ofMinutes(9));
        f.runUntilIdle();
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isZero();

        f.advance(Duration.ofMinutes(1));
        f.runUntilIdle();

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.history()).last().extracting(HistoryEntry::source)
                .isEqualTo(dev.onekycbridge.core.submission.TransitionSource.POLL);
        assertThat(f.events.events()).anyMatch(e -> e.finished() && e.submission().id().equals(s.id()));
    }

    @Test
    void pollsThatFindNoFinalResultBackOffAndKeepTrying() {
        Submission s = f.accepted();
        f.runUntilIdle();
        f.advance(Duration.ofMinutes(10));
        f.runUntilIdle();
        var first = reload(s).schedule().nextStepAt();
        assertThat(first).isAfter(f.clock.instant());

        f.clock.set(first);
        f.runUntilIdle();
        var second = reload(s).schedule().nextStepAt();

        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(2);
        assertThat(Duration.between(f.clock.instant(), second))
                .isGreaterThanOrEqualTo(f.settings.pollBackoff().ceiling(1).dividedBy(2));
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
    }

    @Test
    void anOutageFailingEveryDueStepIsOneWarningAndItsEndOneLineNotALinePerStep() {
        try (CapturedLogs log = CapturedLogs.of(SubmissionDriver.class)) {
            List<Submission> submissions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Submission s = TestData.newCertificateRegistration(
                        new dev.onekycbridge.core.identity.PartnerUser("user-" + i, "CLIENT_X_USER_ID"), f.clock.instant());
                f.staged.stageAll(s.id(), Map.of(
                        DocumentKind.KTP, dev.onekycbridge.core.document.DocumentSource.ofBytes(TestData.jpeg(4096)),
                        DocumentKind.SELFIE, dev.onekycbridge.core.document.DocumentSource.ofBytes(TestData.png(4096))));
                submissions.add(f.store.insert(s));
                f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformUnavailableException(
                        "presigned URLs failed without an answer (ConnectException) after 3 attempt(s)", 0, null,
                        null));
            }

            f.runUntilIdle();

            assertThat(submissions).allSatisfy(s -> assertThat(reload(s).schedule().failedAttempts()).isOne());
            assertThat(log.at(java.util.logging.Level.WARNING)).singleElement().asString()
                    .startsWith("the platform could not be reached or did not answer usefully (presigned URLs "
                            + "failed without an answer (ConnectException) after 3 attempt(s)); 1 step(s) failed");

            f.advance(Duration.ofMinutes(1));
            f.runUntilIdle();

            assertThat(submissions).allSatisfy(s -> assertThat(reload(s).status())
                    .isEqualTo(SubmissionStatus.CONFIRMED));
            assertThat(log.at(java.util.logging.Level.INFO))
                    .containsExactly("the platform takes the driver's steps again; 10 step(s) failed since "
                            + "2026-11-20T10:00:00Z and are retried");
        }
    }

    @Test
    void transientFailuresBackOffWithJitterAndRecordTheLastFailure() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("platform answered 503", 503, null, null));

        f.runUntilIdle();

        Submission retrying = reload(s);
        assertThat(retrying.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(retrying.schedule().failedAttempts()).isEqualTo(1);
        assertThat(retrying.schedule().lastFailure()).isEqualTo(new Failure("HTTP 503", "platform answered 503"));
        assertThat(retrying.schedule().nextStepAt())
                .isBetween(f.clock.instant(), f.clock.instant().plus(f.settings.retryBackoff().ceiling(0)));

        f.advance(Duration.ofSeconds(2));
        f.runUntilIdle();
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(reload(s).schedule().failedAttempts()).isZero();
    }

    @Test
    void aStepOfAFlowTheDeploymentNoLongerRunsIsRetriedNamingTheSettingThatRunsIt() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new FlowNotConfiguredException(FlowType.CERT_REG, "ONEKYC_ONBOARDING_PARTNER"));

        f.runUntilIdle();

        Submission retrying = reload(s);
        assertThat(retrying.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(retrying.schedule().lastFailure()).isEqualTo(new Failure(null,
                "CERT_REG is not configured in this deployment: ONEKYC_ONBOARDING_PARTNER is not set"));
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("throttled", 429, Duration.ofMinutes(3), null));

        f.runUntilIdle();

        assertThat(reload(s).schedule().nextStepAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(3)));
    }

    @ParameterizedTest(name = "Retry-After {0} s")
    @ValueSource(longs = {31L * 24 * 3600, 30_000_000_000_000_000L, Long.MAX_VALUE})
    void aRetryAfterBeyondAMonthWaitsAMonth(long seconds) {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("throttled", 429, Duration.ofSeconds(seconds), null));

        f.runUntilIdle();

        assertThat(reload(s).schedule().nextStepAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CREATED);
    }

    /**
     * A database restart ends the connections in hand: the store fails once or twice, and answers again within a
     * second. Before, the retry was never scheduled and the step's lease was held until it ran out.
     */
    @Test
    void aRetryThatMeetsTheStoreFailingIsScheduledOnceTheStoreAnswersAgain() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("platform answered 503", 503, null, null));
        SubmissionStore store = failingFirst(SubmissionStore.class, f.store, "findById", 2);
        SubmissionDriver driver = new SubmissionDriver(f.platform, f.platform, store, f.store, f.staged, f.events,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        assertThat(driver.advanceDueSubmissions(1)).isEqualTo(1);

        Submission retrying = reload(s);
        assertThat(retrying.schedule().failedAttempts()).isEqualTo(1);
        assertThat(retrying.schedule().lastFailure()).isEqualTo(new Failure("HTTP 503", "platform answered 503"));
        Instant due = retrying.schedule().nextStepAt();
        assertThat(f.store.claimDue(due, f.settings.lease(), 1, "another")).as("the lease ended with the save")
                .hasSize(1);
    }

    @Test
    void aLeaseWhoseReleaseMeetsTheStoreFailingIsReleasedOnceTheStoreAnswersAgain() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("platform answered 503", 503, null, null));
        // The store stays out of reach past the retry's attempts, then answers the release's third.
        SubmissionStore store = failingFirst(SubmissionStore.class, f.store, "findById", 100);
        DueSubmissions due = failingFirst(DueSubmissions.class, f.store, "release", 2);
        SubmissionDriver driver = new SubmissionDriver(f.platform, f.platform, store, due, f.staged, f.events,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        assertThatThrownBy(() -> driver.advanceDueSubmissions(1)).isInstanceOf(StoreUnavailableException.class);

        assertThat(f.store.claimDue(f.clock.instant(), f.settings.lease(), 1, "another"))
                .as("claimable at once, not after the lease").extracting(Submission::id).containsExactly(s.id());
    }

    /** Before, the log and the submission's last failure said only "PersistenceException". */
    @Test
    void aStepTheStoreFailsRecordsAndLogsTheStoresOwnWords() {
        Submission s = f.accepted();
        String why = "finding a staged document failed: the database server ended the session (an operator, or its "
                + "shutdown) (SQL state 57P01)";
        StagedDocuments staged = (StagedDocuments) Proxy.newProxyInstance(StagedDocuments.class.getClassLoader(),
                new Class<?>[] {StagedDocuments.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        throw new StoreUnavailableException(why, null);
                    }
                    try {
                        return method.invoke(f.staged, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SubmissionDriver driver = new SubmissionDriver(f.platform, f.platform, f.store, f.store, staged, f.events,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        try (CapturedLogs log = CapturedLogs.of(SubmissionDriver.class)) {
            driver.advanceDueSubmissions(10);

            assertThat(log.at(java.util.logging.Level.WARNING))
                    .containsExactly("step UPLOAD of submission " + s.id() + " failed: " + why);
        }
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(reload(s).schedule().lastFailure()).isEqualTo(new Failure(null, why));
    }

    /** {@code target}, whose method {@code name} fails its first {@code times} calls as a store out of reach. */
    @SuppressWarnings("unchecked")
    private static <T> T failingFirst(Class<T> port, T target, String name, int times) {
        AtomicInteger left = new AtomicInteger(times);
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getName().equals(name) && left.getAndDecrement() > 0) {
                throw new StoreUnavailableException(name + " failed: the database could not be reached", null);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void aRefusalByThePlatformFailsTheSubmissionWithItsCodeDiscardsTheImagesAndSaysSoInTheLog() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformRejectedException(400,
                List.of(new PlatformError("1539", "INVALID_FLOW", null))));

        try (CapturedLogs log = CapturedLogs.of(SubmissionDriver.class)) {
            f.runUntilIdle();

            assertThat(log.at(java.util.logging.Level.WARNING)).containsExactly("submission " + s.id()
                    + " (CERT_REG) FAILED: the platform refused it with HTTP 400 1539"
                    + " INVALID_FLOW");
        }
        Submission failed = reload(s);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure("1539", "INVALID_FLOW"));
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aStagedImageThatIsGoneFailsTheSubmissionAndDiscardsTheOtherAndSaysSoByItsId() {
        Submission s = f.store.insert(TestData.newCertificateRegistration(f.clock.instant()));
        f.staged.stageAll(s.id(), Map.of(DocumentKind.KTP,
                dev.onekycbridge.core.document.DocumentSource.ofBytes(TestData.jpeg(4096))));

        try (CapturedLogs log = CapturedLogs.of(SubmissionDriver.class)) {
            f.runUntilIdle();

            assertThat(log.at(java.util.logging.Level.WARNING)).containsExactly("submission " + s.id()
                    + " (CERT_REG) FAILED: its staged SELFIE image is gone (STAGED_DOCUMENT_MISSING)");
        }

        Submission failed = reload(s);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure(null, "STAGED_DOCUMENT_MISSING"));
        assertThat(f.staged.count()).isZero();
        assertThat(f.platform.calls(Call.CONFIRM)).isZero();
    }

    @Test
    void aStagedImageThatReadsBackDamagedFailsTheSubmissionAtOnceInsteadOfRetryingUntilItsUrlExpires() {
        Submission s = f.accepted();
        f.staged.damage(s.id(), DocumentKind.SELFIE);

        f.runUntilIdle();

        Submission failed = reload(s);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure(null, "STAGED_DOCUMENT_UNREADABLE"));
        assertThat(f.staged.count()).isZero();
        assertThat(f.platform.calls(Call.UPLOAD)).as("the KTP, then the selfie once").isEqualTo(2);
        assertThat(f.platform.calls(Call.CONFIRM)).isZero();
        f.advance(Duration.ofHours(1));
        f.runUntilIdle();
        assertThat(f.platform.calls(Call.UPLOAD)).isEqualTo(2);
    }

    @Test
    void refusedCredentialsAreRetriedLaterRatherThanFailingTheSubmission() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformAuthenticationException(
                "esign.token answered HTTP 403 without the platform's error envelope: its IP allow-list may refuse"
                        + " this host", null));

        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CREATED);
        // The client's account of the refusal, not a platform code it never sent (a firewall's page has none).
        assertThat(reload(s).schedule().lastFailure()).isEqualTo(new Failure(null,
                "esign.token answered HTTP 403 without the platform's error envelope: its IP allow-list may refuse"
                        + " this host"));
    }

    /**
     * The gateway's 403 ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT is retried like refused credentials, but the
     * submission's last failure must say what was refused: read as 110 UNAUTHORIZED, it sent the operator to the
     * credentials, which were right.
     */
    @Test
    void aRefusedOnboardingPartnerIsRetriedWithTheRefusalItselfAsTheLastFailure() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformAuthenticationException(
                "esign.uploadUrls refused the onboarding partner with HTTP 403",
                new PlatformRejectedException(403, List.of(
                        new PlatformError("110", "ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT", null)))));

        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(reload(s).schedule().lastFailure())
                .isEqualTo(new Failure("110", "ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT"));
    }

    @Test
    void uploadUrlsThatExpiredBeforeTheUploadExpireTheSubmission() {
        Submission s = f.accepted();
        f.platform.failNext(Call.UPLOAD,
                () -> new PlatformUnavailableException("storage down", 503, Duration.ofDays(6), null));
        f.runUntilIdle();

        f.advance(Duration.ofDays(6));
        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aConfirmStillFailingWhenTheUploadUrlsExpireExpiresTheSubmission() {
        Submission s = f.accepted();
        for (int i = 0; i < 10; i++) {
            f.platform.failNext(Call.CONFIRM,
                    () -> new PlatformUnavailableException("platform answered 503", 503, Duration.ofDays(1), null));
        }
        f.runUntilIdle();
        for (int day = 1; day <= 4; day++) {
            f.advance(Duration.ofDays(1));
            f.runUntilIdle();
        }
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.UPLOADED);
        int confirms = f.platform.calls(Call.CONFIRM);

        f.advance(Duration.ofDays(1));
        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(f.platform.calls(Call.CONFIRM)).as("no confirm once the URLs expired").isEqualTo(confirms);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aConfirmWhoseAnswerWasLostIsFoundConfirmedEvenAfterTheUploadUrlsExpired() {
        Submission s = f.accepted();
        crashOnceTheConfirmIsSent();
        f.advance(Duration.ofDays(6));

        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.calls(Call.CONFIRM)).isEqualTo(1);
    }

    @Test
    void aConfirmRejectedAsAStateConflictIsCheckedAgainstThePlatformsDetails() {
        Submission s = f.accepted();
        crashOnceTheConfirmIsSent();
        f.advance(f.settings.lease());

        f.runUntilIdle();

        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.held(confirmed.platformSubmissionId().orElseThrow()).confirms).isEqualTo(1);
        assertThat(f.platform.calls(Call.CONFIRM)).isEqualTo(1);
    }

    @Test
    void reconcilingPollsNowWhateverTheSchedule() {
        Submission s = f.accepted();
        f.runUntilIdle();
        f.platform.report(reload(s).platformSubmissionId().orElseThrow(),
                Outcome.of(PlatformStatus.COMPLETED, Result.INVALID, ReasonCode.of("DUKCAPIL_REJECTED"), null, null,
                        null, null));

        Submission reconciled = f.driver.reconcile(s.id()).orElseThrow();

        assertThat(reconciled.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(reconciled.outcome().orElseThrow().reasonCode()).isEqualTo(ReasonCode.of("DUKCAPIL_REJECTED"));
    }

    @Test
    void aPolledReportAboutTheUsersOtherSubmissionIsIgnored() {
        Submission first = f.accepted();
        f.runUntilIdle();
        String firstId = reload(first).platformSubmissionId().orElseThrow();
        f.platform.report(firstId, completedValid());
        f.driver.reconcile(first.id());
        // The same user registers again; the platform's details (by user) now name the new one.
        Submission second = f.accepted();
        f.runUntilIdle();

        assertThat(SubmissionDriver.isAbout(
                new dev.onekycbridge.core.submission.PlatformReport(firstId, null, null, null, null, completedValid()),
                reload(second))).isFalse();
        f.advance(Duration.ofMinutes(10));
        f.runUntilIdle();
        assertThat(reload(second).status()).isEqualTo(SubmissionStatus.CONFIRMED);
    }

    @Test
    void reconcilingARegistrationWithoutAPlatformIdDoesNotAdoptTheUsersOlderSubmission() {
        Submission older = f.accepted();
        f.runUntilIdle();
        String olderId = reload(older).platformSubmissionId().orElseThrow();
        f.platform.report(olderId, completedValid());
        f.driver.reconcile(older.id());
        // The same user registers again; the request for upload URLs fails, so it has no platform id yet.
        Submission newer = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS,
                () -> new PlatformUnavailableException("platform answered 503", 503, null, null));
        f.runUntilIdle();

        // The platform's details (by user) still name the older submission, with its own session id.
        Submission reconciled = f.driver.reconcile(newer.id()).orElseThrow();

        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(2);
        assertThat(reconciled.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(reconciled.platformSubmissionId()).isEmpty();
        assertThat(reconciled.outcome()).isEmpty();
        assertThat(reload(older).status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void whoseReportIsTakenFollowsThePlatformIdOnceThereIsOneAndTheSessionIdUntilThen() {
        Submission withoutId = TestData.newCertificateRegistration(f.clock.instant());
        Instant urlsExpire = f.clock.instant().plus(Duration.ofDays(1));
        Submission withId = withoutId.initiate("platform-1", List.of(
                new UploadTarget(DocumentKind.KTP, "r-1", URI.create("https://storage.example/ktp"), urlsExpire),
                new UploadTarget(DocumentKind.SELFIE, "r-2", URI.create("https://storage.example/selfie"), urlsExpire)),
                f.clock.instant());
        String ours = withoutId.partnerSessionId();

        assertThat(SubmissionDriver.isAbout(report("platform-0", ours), withoutId)).isTrue();
        assertThat(SubmissionDriver.isAbout(report(null, ours), withoutId)).isTrue();
        assertThat(SubmissionDriver.isAbout(report("platform-0", "another-session"), withoutId)).isFalse();
        assertThat(SubmissionDriver.isAbout(report("platform-0", null), withoutId)).isFalse();
        assertThat(SubmissionDriver.isAbout(report(null, null), withoutId)).isFalse();

        assertThat(SubmissionDriver.isAbout(report("platform-1", "another-session"), withId)).isTrue();
        assertThat(SubmissionDriver.isAbout(report("platform-0", ours), withId)).isFalse();
        assertThat(SubmissionDriver.isAbout(report(null, ours), withId)).isTrue();
        assertThat(SubmissionDriver.isAbout(report(null, null), withId)).isTrue();
        assertThat(SubmissionDriver.isAbout(report(null, "another-session"), withId)).isFalse();

        // An identity verification's result is asked for by its session id: one that names no session answers it.
        Submission verification = TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant());
        assertThat(SubmissionDriver.isAbout(report("platform-9", null), verification)).isTrue();
        assertThat(SubmissionDriver.isAbout(report(null, null), verification)).isTrue();
        assertThat(SubmissionDriver.isAbout(report("platform-9", "another-session"), verification)).isFalse();
    }

    /** Esign details are looked up by partner user: they may describe the user's submission of the other flow. */
    @Test
    void aReportNamingTheOtherEsignFlowIsNotAboutTheSubmission() {
        Submission verification = TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant());
        Submission registration = TestData.newCertificateRegistration(f.clock.instant());
        String ours = registration.partnerSessionId();

        assertThat(SubmissionDriver.isAbout(withFlow("CERT_REG", null), verification)).isFalse();
        assertThat(SubmissionDriver.isAbout(withFlow("STANDALONE_IDENTITY_VERIFICATION", null), verification))
                .isTrue();
        assertThat(SubmissionDriver.isAbout(withFlow("A_FLOW_ADDED_LATER", null), verification)).isTrue();
        assertThat(SubmissionDriver.isAbout(withFlow("STANDALONE_IDENTITY_VERIFICATION", ours), registration))
                .isFalse();
        assertThat(SubmissionDriver.isAbout(withFlow("CERT_REG", ours), registration)).isTrue();
    }

    private static PlatformReport withFlow(String flow, String sessionId) {
        return new PlatformReport(null, flow, null, null, sessionId, completedValid());
    }

    private static PlatformReport report(String platformId, String sessionId) {
        return new PlatformReport(platformId, null, null, null, sessionId, completedValid());
    }

    private static PlatformRejectedException readRefused() {
        return new PlatformRejectedException(400,
                List.of(new PlatformError("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER", null)));
    }

    /** The steps a driver reported as failed, and whether each would be retried; and the polls it sent. */
    private static final class RecordingObserver implements DriverObserver {
        final List<String> failed = new ArrayList<>();
        int polls;

        @Override
        public void stepFailed(DriverStep kind, boolean willRetry) {
            failed.add(kind + (willRetry ? " will retry" : " failed for good"));
        }

        @Override
        public void polled() {
            polls++;
        }
    }

    private SubmissionDriver driverObservedBy(DriverObserver observer, String owner) {
        return new SubmissionDriver(f.platform, f.platform, f.store, f.store, f.staged, f.events, observer, f.clock,
                new Random(7), f.settings, owner);
    }

    @Test
    void aRefusedPollIsRetriedWithItsFailureRecordedAndALaterResultStillApplies() {
        Submission s = f.accepted();
        f.runUntilIdle();
        RecordingObserver observer = new RecordingObserver();
        f.driver = driverObservedBy(observer, "instance-1");
        f.platform.failNext(Call.FETCH_RESULT, SubmissionDriverTest::readRefused);

        try (CapturedLogs log = CapturedLogs.of(SubmissionDriver.class)) {
            f.advance(f.settings.pollAfter());
            f.runUntilIdle();

            assertThat(log.at(java.util.logging.Level.WARNING)).singleElement().asString().startsWith("the platform"
                    + " refused to tell a submission's status (a 4xx to a status read, which fails no submission)");
        }
        Submission waiting = reload(s);
        assertThat(waiting.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(waiting.failure()).isEmpty();
        assertThat(waiting.schedule().failedAttempts()).isEqualTo(1);
        assertThat(waiting.schedule().lastFailure())
                .isEqualTo(new Failure("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"));
        assertThat(waiting.schedule().nextStepAt())
                .isBetween(f.clock.instant(), f.clock.instant().plus(f.settings.retryBackoff().ceiling(0)));
        assertThat(observer.failed).containsExactly("POLL will retry");

        f.platform.report(waiting.platformSubmissionId().orElseThrow(), completedValid());
        f.clock.set(waiting.schedule().nextStepAt());
        f.runUntilIdle();

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.conflicts()).isEmpty();
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(2);
        assertThat(observer.polls).as("the refused poll counts too").isEqualTo(2);
    }

    @Test
    void aRefusedCheckBeforeARepeatedConfirmIsRetriedAndTheConfirmThenSentOnce() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        f.platform.crashBeforeNext(Call.CONFIRM);
        assertThatThrownBy(() -> f.driver.advanceDueSubmissions(10)).isInstanceOf(SimulatedCrash.class);
        RecordingObserver observer = new RecordingObserver();
        f.driver = driverObservedBy(observer, "instance-2");
        f.advance(f.settings.lease());
        f.platform.failNext(Call.FETCH_RESULT, SubmissionDriverTest::readRefused);

        f.runUntilIdle();

        Submission waiting = reload(s);
        assertThat(waiting.status()).isEqualTo(SubmissionStatus.UPLOADED);
        assertThat(waiting.schedule().failedAttempts()).isEqualTo(1);
        assertThat(waiting.schedule().lastFailure())
                .isEqualTo(new Failure("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"));
        assertThat(observer.failed).containsExactly("CONFIRM will retry");
        assertThat(f.staged.count()).isEqualTo(2);

        f.clock.set(waiting.schedule().nextStepAt());
        f.runUntilIdle();

        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.held(confirmed.platformSubmissionId().orElseThrow()).confirms).isEqualTo(1);
        f.platform.report(confirmed.platformSubmissionId().orElseThrow(), completedValid());
        f.driver.reconcile(s.id());
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void aReconcileThatFindsTheUnsavedConfirmArrivedAndTheSubmissionMovedOnDiscardsTheStagedImages() {
        Submission s = f.accepted();
        crashOnceTheConfirmIsSent();
        Submission uploaded = reload(s);
        assertThat(uploaded.status()).isEqualTo(SubmissionStatus.UPLOADED);
        assertThat(f.staged.count()).isEqualTo(2);
        f.platform.report(uploaded.platformSubmissionId().orElseThrow(),
                Outcome.of(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null, null, null, null, null));
        f.advance(f.settings.lease());

        f.driver.reconcile(s.id());

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.PARTIALLY_COMPLETED);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aReconcileWhoseReadIsRefusedPassesTheRefusalOnAndChangesNothing() {
        Submission s = f.accepted();
        f.runUntilIdle();
        Submission confirmed = reload(s);
        f.platform.failNext(Call.FETCH_RESULT, SubmissionDriverTest::readRefused);

        assertThatThrownBy(() -> f.driver.reconcile(s.id())).isInstanceOf(PlatformRejectedException.class);

        assertThat(reload(s)).isEqualTo(confirmed);
    }

    /** Before, a reconcile polled and saved under a running step of the service, whose save then failed stale. */
    @Test
    void aReconcileOfASubmissionAStepOfTheServiceHoldsLeavesItToTheServiceUnpolledAndUnchanged() {
        Submission s = f.accepted();
        f.runUntilIdle();
        Submission confirmed = reload(s);
        f.platform.report(confirmed.platformSubmissionId().orElseThrow(), completedValid());
        assertThat(f.store.claimIfFree(s.id(), f.clock.instant(), f.settings.lease(), "service-step")).isPresent();
        int polls = f.platform.calls(Call.FETCH_RESULT);

        assertThatThrownBy(() -> f.driver.reconcile(s.id())).isInstanceOf(SubmissionBusyException.class)
                .hasMessage("submission " + s.id() + " is being worked on by the service");

        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(polls);
        assertThat(reload(s)).isEqualTo(confirmed);
    }

    /** Before, a second stale save came out as a StaleSubmissionException, which reconcile --all counted a failure. */
    @Test
    void aReconcileWhoseSaveTheServiceKeepsOvertakingIsLeftToTheServiceAndReleasesItsLease() {
        Submission s = f.accepted();
        f.runUntilIdle();
        Submission confirmed = reload(s);
        f.platform.report(confirmed.platformSubmissionId().orElseThrow(), completedValid());
        DueSubmissions overtaken = (DueSubmissions) Proxy.newProxyInstance(DueSubmissions.class.getClassLoader(),
                new Class<?>[] {DueSubmissions.class}, (proxy, method, args) -> {
                    if (method.getName().equals("saveAndRelease")) {
                        Submission saving = (Submission) args[0];
                        throw new StaleSubmissionException(saving.id(), saving.version());
                    }
                    try {
                        return method.invoke(f.store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SubmissionDriver driver = new SubmissionDriver(f.platform, f.platform, f.store, overtaken, f.staged, f.events,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        assertThatThrownBy(() -> driver.reconcile(s.id())).isInstanceOf(SubmissionBusyException.class);

        assertThat(reload(s)).isEqualTo(confirmed);
        assertThat(f.store.claimIfFree(s.id(), f.clock.instant(), f.settings.lease(), "service-step"))
                .as("released").isPresent();
    }

    /** The store's work queue, recording the owner of every claim, of every lease a save ended, and of every release. */
    private final class RecordingDue implements DueSubmissions {
        final List<String> claims = new ArrayList<>();
        final List<String> endedBySave = new ArrayList<>();
        final List<String> renewedBySave = new ArrayList<>();
        final List<String> releases = new ArrayList<>();
        Consumer<Submission> afterClaim = claimed -> { };

        @Override
        public List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
            assertThat(limit).isEqualTo(1);
            List<Submission> claimed = f.store.claimDue(now, lease, limit, owner);
            if (!claimed.isEmpty()) {
                claims.add(owner);
            }
            claimed.forEach(afterClaim);
            return claimed;
        }

        @Override
        public Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
            Optional<Submission> claimed = f.store.claimIfDue(id, now, lease, owner);
            claimed.ifPresent(c -> claims.add(owner));
            claimed.ifPresent(afterClaim);
            return claimed;
        }

        @Override
        public Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
            Optional<Submission> claimed = f.store.claimIfFree(id, now, lease, owner);
            claimed.ifPresent(c -> claims.add(owner));
            claimed.ifPresent(afterClaim);
            return claimed;
        }

        @Override
        public void release(SubmissionId id, String owner) {
            releases.add(owner);
            f.store.release(id, owner);
        }

        @Override
        public Submission saveAndRelease(Submission submission, String owner) {
            Submission saved = f.store.saveAndRelease(submission, owner);
            endedBySave.add(owner);
            return saved;
        }

        @Override
        public Submission saveAndRenew(Submission submission, String owner, Instant leaseUntil) {
            Submission saved = f.store.saveAndRenew(submission, owner, leaseUntil);
            renewedBySave.add(owner);
            return saved;
        }

        @Override
        public boolean renew(SubmissionId id, String owner, Instant leaseUntil) {
            return f.store.renew(id, owner, leaseUntil);
        }

        java.util.random.RandomGenerator random = new java.util.Random(1);

        SubmissionDriver driver() {
            return new SubmissionDriver(f.platform, f.platform, f.store, this, f.staged, f.events,
                    DriverObserver.NONE, f.clock, random, f.settings, "instance-1");
        }
    }

    @Test
    void eachSubmissionIsClaimedAloneUnderItsOwnOwnerTokenAndTheStepsSaveEndsTheLease() {
        for (int i = 0; i < 3; i++) {
            Submission s = TestData.newCertificateRegistration(TestData.partnerUser("u-" + i), f.clock.instant());
            f.store.insert(s);
        }
        RecordingDue recording = new RecordingDue();

        // One step each: a step whose next step is due goes on only while the limit allows.
        for (int i = 0; i < 3; i++) {
            assertThat(recording.driver().advanceDueSubmissions(1)).isEqualTo(1);
        }

        assertThat(recording.endedBySave).hasSize(3).doesNotHaveDuplicates()
                .allMatch(o -> o.startsWith("instance-1#"));
        assertThat(recording.claims).isEqualTo(recording.endedBySave);
        assertThat(recording.renewedBySave).isEmpty();
        assertThat(recording.releases).isEmpty();
        // No lease is left behind: whatever is not final is due and claimable at once.
        assertThat(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "other"))
                .hasSize((int) f.store.all().stream().filter(s -> !s.isFinal()).count()).isNotEmpty();
    }

    @Test
    void aRegistrationGoesOnFromStepToStepUnderOneClaimUntilItWaitsForTheResult() {
        Submission s = f.accepted();
        RecordingDue recording = new RecordingDue();

        assertThat(recording.driver().advanceDueSubmissions(10)).isEqualTo(3);

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        // urls and uploads each renew the lease; the confirm's save, due only later, ends it.
        assertThat(recording.claims).hasSize(1);
        assertThat(recording.renewedBySave).hasSize(2).containsOnly(recording.claims.get(0));
        assertThat(recording.endedBySave).containsExactly(recording.claims.get(0));
        assertThat(recording.releases).isEmpty();
        // Every step was saved before the next began, the confirm's attempt with the uploads: three writes.
        assertThat(reload(s).version()).isEqualTo(s.version() + 3);
        // The confirm followed its uploads under the same claim: nothing could have sent it before.
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isZero();
        f.advance(f.settings.pollAfter());
        assertThat(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "other")).hasSize(1);
    }

    @Test
    void theLimitCountsStepsAndTheLastStepOfARoundEndsItsLease() {
        Submission s = f.accepted();
        RecordingDue recording = new RecordingDue();

        assertThat(recording.driver().advanceDueSubmissions(2)).isEqualTo(2);

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.UPLOADED);
        // The confirm is left to another claim, which has no attempt to check with the platform first.
        assertThat(reload(s).confirmAttempted()).isFalse();
        assertThat(recording.renewedBySave).hasSize(1);
        assertThat(recording.endedBySave).hasSize(1);
        assertThat(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "other")).hasSize(1);
    }

    @Test
    void aStepThatOutlastsItsLeaseDoesNotGoOnButEndsTheLeaseWithItsSave() {
        Submission s = f.accepted();
        RecordingDue recording = new RecordingDue();
        // The first step takes longer than the lease: another instance may have claimed the submission since.
        recording.afterClaim = claimed -> {
            if (recording.claims.size() == 1) {
                f.advance(f.settings.lease());
            }
        };

        assertThat(recording.driver().advanceDueSubmissions(10)).isEqualTo(3);

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        // The late step's save ended its lease; the rest went on under a second claim.
        assertThat(recording.claims).hasSize(2);
        assertThat(recording.endedBySave).containsExactly(recording.claims.get(0), recording.claims.get(1));
        assertThat(recording.renewedBySave).hasSize(1).containsOnly(recording.claims.get(1));
    }

    /** A driver of instance-1 whose uploads run {@code during} first, as a slow storage would make them wait. */
    private SubmissionDriver driverWithSlowUploads(AtomicReference<SubmissionDriver> self, Runnable during) {
        DocumentUploader slow = (url, facts, source) -> {
            during.run();
            return f.platform.upload(url, facts, source);
        };
        self.set(new SubmissionDriver(f.platform, slow, f.store, f.store, f.staged, f.events, DriverObserver.NONE,
                f.clock, new Random(7), f.settings, "instance-1"));
        return self.get();
    }

    @Test
    void aStepThatOutlastsItsLeaseKeepsItWhileTheLeaseIsRenewedAndGoesOn() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        AtomicReference<SubmissionDriver> driver = new AtomicReference<>();
        List<Integer> claimedByAnother = new ArrayList<>();
        // Each upload takes one and a half leases; the renewal runs as often as half a lease passes.
        driverWithSlowUploads(driver, () -> {
            for (int i = 0; i < 3; i++) {
                f.advance(f.settings.lease().dividedBy(2));
                driver.get().renewClaims();
                claimedByAnother.add(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "instance-2")
                        .size());
            }
        });

        assertThat(driver.get().advanceDueSubmissions(10)).isEqualTo(2);

        assertThat(claimedByAnother).hasSize(6).containsOnly(0);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.calls(Call.CONFIRM)).isEqualTo(1);
    }

    @Test
    void aStepWhoseLeaseAnotherInstanceTookOverSavesNothingAndDoesNotGoOn() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        Submission initiated = reload(s);
        AtomicReference<SubmissionDriver> driver = new AtomicReference<>();
        List<Submission> takenOver = new ArrayList<>();
        // Not renewed (the store was unreachable, say): the lease runs out and instance-2 claims the submission.
        driverWithSlowUploads(driver, () -> {
            if (takenOver.isEmpty()) {
                f.advance(f.settings.lease().plusSeconds(1));
                takenOver.addAll(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "instance-2"));
                driver.get().renewClaims();
            }
        });

        assertThat(driver.get().advanceDueSubmissions(10)).isEqualTo(1);

        assertThat(takenOver).hasSize(1);
        assertThat(reload(s)).as("instance-2's step to take").isEqualTo(initiated);
        assertThat(f.platform.calls(Call.CONFIRM)).isZero();
    }

    /** Before, a reconcile's lease was never renewed: a poll slower than the lease let another instance step it. */
    @Test
    void aReconcileWhosePollOutlastsItsLeaseKeepsItWhileTheLeaseIsRenewed() {
        Submission s = f.accepted();
        f.runUntilIdle();
        f.platform.report(reload(s).platformSubmissionId().orElseThrow(), completedValid());
        List<Boolean> claimedByAnother = new ArrayList<>();
        // The poll takes one and a half leases; the renewal runs as often as half a lease passes.
        f.platform.meanwhileNext(Call.FETCH_RESULT, () -> {
            for (int i = 0; i < 3; i++) {
                f.advance(f.settings.lease().dividedBy(2));
                f.driver.renewClaims();
                claimedByAnother.add(f.store.claimIfFree(s.id(), f.clock.instant(), f.settings.lease(), "instance-2")
                        .isPresent());
            }
        });

        assertThat(f.driver.reconcile(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);

        assertThat(claimedByAnother).hasSize(3).containsOnly(false);
    }

    @Test
    void aStepThatFailsDoesNotGoOnEvenWhenItsRetryIsDueAtOnce() {
        Submission s = f.accepted();
        f.platform.failNext(Call.UPLOAD, () -> new PlatformUnavailableException("platform answered 503", 503,
                null, null));
        RecordingDue recording = new RecordingDue();
        // Full jitter drawn at its lowest: the retry is due at once.
        recording.random = new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };

        assertThat(recording.driver().advanceDueSubmissions(2)).isEqualTo(2);

        assertThat(reload(s).schedule().failedAttempts()).isEqualTo(1);
        assertThat(reload(s).schedule().nextStepAt()).isEqualTo(f.clock.instant());
        assertThat(recording.claims).hasSize(1);
        assertThat(recording.renewedBySave).hasSize(1);
        assertThat(recording.endedBySave).hasSize(1);
    }

    @Test
    void aStepWhoseSaveIsStaleReleasesItsLeaseOnItsOwn() {
        Submission s = f.accepted();
        RecordingDue recording = new RecordingDue();
        // A callback saves the submission between the claim and the step's save.
        recording.afterClaim = claimed -> f.store.save(claimed.scheduleAt(f.clock.instant()));

        assertThat(recording.driver().advanceDueSubmissions(1)).isEqualTo(1);

        assertThat(recording.endedBySave).isEmpty();
        assertThat(recording.releases).isEqualTo(recording.claims).hasSize(1);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(f.store.claimDue(f.clock.instant(), f.settings.lease(), 10, "other")).hasSize(1);
    }

    @Test
    void bothDocumentsAreUploadedInOneStepWithOneSave() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        Submission initiated = reload(s);

        assertThat(f.driver.advanceDueSubmissions(1)).isEqualTo(1);

        Submission uploaded = reload(s);
        assertThat(uploaded.status()).isEqualTo(SubmissionStatus.UPLOADED);
        assertThat(uploaded.documents().values()).allMatch(d -> d.isUploaded());
        assertThat(uploaded.version()).isEqualTo(initiated.version() + 1);
        assertThat(f.platform.calls(Call.UPLOAD)).isEqualTo(2);
    }

    @Test
    void anUploadThatFailsAfterItsSiblingSucceededUploadsBothAgainOnTheRetry() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        // The KTP goes up; the selfie's upload fails.
        f.platform.failAfter(Call.UPLOAD, 1, () -> new PlatformUnavailableException("platform answered 503", 503,
                null, null));

        f.driver.advanceDueSubmissions(1);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(reload(s).documents().values()).noneMatch(d -> d.isUploaded());

        f.advance(Duration.ofMinutes(10));
        f.runUntilIdle();
        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.calls(Call.UPLOAD)).isEqualTo(4);
        FakeOneKycPlatform.Held held = f.platform.held(confirmed.platformSubmissionId().orElseThrow());
        assertThat(held.uploads.get(DocumentKind.KTP)).isEqualTo(TestData.jpeg(4096));
        assertThat(held.uploads.get(DocumentKind.SELFIE)).isEqualTo(TestData.png(4096));
        assertThat(held.confirms).isEqualTo(1);
    }

    @Test
    void aConfirmAttemptSavedWithTheUploadsIsCheckedWithThePlatformByALaterClaim() {
        Submission s = f.accepted();
        f.driver.advanceDueSubmissions(1);
        // The upload step saves the confirm's attempt, then the process dies before the confirm is sent.
        f.platform.crashBeforeNext(Call.CONFIRM);
        assertThatThrownBy(() -> f.driver.advanceDueSubmissions(10)).isInstanceOf(SimulatedCrash.class);
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.UPLOADED);
        assertThat(reload(s).confirmAttempted()).isTrue();

        f.driver = f.newDriver("instance-2");
        f.advance(f.settings.lease());
        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(1);
        assertThat(f.platform.held(reload(s).platformSubmissionId().orElseThrow()).confirms).isEqualTo(1);
    }

    static Stream<Arguments> crashPoints() {
        List<Arguments> points = new ArrayList<>();
        for (Call call : List.of(Call.REQUEST_UPLOAD_URLS, Call.UPLOAD, Call.CONFIRM, Call.FETCH_RESULT)) {
            points.add(Arguments.of(call, "after"));
            points.add(Arguments.of(call, "before"));
        }
        return points.stream();
    }

    @ParameterizedTest(name = "crash {1} {0}")
    @MethodSource("crashPoints")
    void aCrashAtAnyStepResumesAndFinishesWithOneConfirm(Call call, String when) {
        boolean after = when.equals("after");
        Submission s = f.accepted();
        if (after) {
            f.platform.crashAfterNext(call);
        } else {
            f.platform.crashBeforeNext(call);
        }
        boolean crashed = false;
        for (int round = 0; round < 5 && !crashed; round++) {
            try {
                f.runUntilIdle();
                f.advance(Duration.ofMinutes(10));
                if (call == Call.FETCH_RESULT) {
                    f.runUntilIdle();
                }
            } catch (SimulatedCrash e) {
                crashed = true;
            }
        }
        assertThat(crashed).as("the crash happened").isTrue();

        // A new process starts; the dead one's lease runs out.
        f.driver = f.newDriver("instance-2");
        f.advance(f.settings.lease());
        f.runUntilIdle();
        Submission confirmed = reload(s);
        assertThat(confirmed.status()).isIn(SubmissionStatus.CONFIRMED);
        f.platform.report(confirmed.platformSubmissionId().orElseThrow(), completedValid());
        f.advance(Duration.ofMinutes(10));
        f.runUntilIdle();

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        int platformSubmissions = f.platform.submissionsOf(TestData.partnerUser()).size();
        // Only a crash after the platform issued URLs and before we stored them can leave a second one behind.
        assertThat(platformSubmissions).isEqualTo(call == Call.REQUEST_UPLOAD_URLS && after ? 2 : 1);
        assertThat(f.platform.held(done.platformSubmissionId().orElseThrow()).confirms).isEqualTo(1);
        assertThat(f.staged.count()).isZero();
    }

    /** The process dies once the platform has the confirm, before its answer is saved; another one starts. */
    private void crashOnceTheConfirmIsSent() {
        f.platform.crashAfterNext(Call.CONFIRM);
        assertThatThrownBy(f::runUntilIdle).isInstanceOf(SimulatedCrash.class);
        f.driver = f.newDriver("instance-2");
    }
}
