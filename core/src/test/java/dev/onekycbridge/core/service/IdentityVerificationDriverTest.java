package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.testing.FakeOneKycPlatform.Call;
import dev.onekycbridge.core.testing.SimulatedCrash;
import dev.onekycbridge.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's steps for an identity verification: the launch, the polls, and the launch token's expiry. */
class IdentityVerificationDriverTest {
    private final WorkflowFixture f = new WorkflowFixture();

    private Submission reload(Submission s) {
        return f.store.findById(s.id()).orElseThrow();
    }

    /** An identity verification the driver has launched: INITIATED, waiting for its user. */
    private Submission launched() {
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        f.runUntilIdle();
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.INITIATED);
        return reload(s);
    }

    private String platformIdOf(Submission s) {
        return f.platform.submissionsOf(s.partnerUser()).get(0).id;
    }

    private void passTheLaunchTokensExpiry(Submission s) {
        f.clock.set(s.launch().orElseThrow().expiresAt());
    }

    private static PlatformRejectedException duplicateSession() {
        return new PlatformRejectedException(400,
                List.of(new PlatformError("1539", "DUPLICATE_PARTNER_SESSION_ID", null)));
    }

    @Test
    void aPolledReportCarryingTheSubmissionsSessionIdIsTakenAndLendsItThePlatformId() {
        Submission s = launched();
        f.platform.report(platformIdOf(s), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null,
                null));

        f.advance(f.settings.pollAfter());
        f.runUntilIdle();

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.platformSubmissionId()).contains(platformIdOf(s));
    }

    @Test
    void aPolledReportWithoutSessionNamingThePlatformIdOfTheUsersEarlierVerificationIsNotTaken() {
        Submission first = launched();
        Outcome invalid = Outcome.of(PlatformStatus.COMPLETED, Result.INVALID, ReasonCode.of("DUKCAPIL_REJECTED"),
                null, SubmissionFixtures.ktpData(), null, null);
        f.platform.report(platformIdOf(first), invalid);
        f.advance(f.settings.pollAfter());
        f.runUntilIdle();
        String firstId = reload(first).platformSubmissionId().orElseThrow();
        Submission second = launched();
        // The details, looked up by partner user, describe the first verification and name no session.
        f.platform.answerStatusReadsWith(new PlatformReport(firstId, "STANDALONE_IDENTITY_VERIFICATION",
                TestData.PARTNER_USER_ID, TestData.PARTNER_USER_ID_TYPE, null, invalid));

        f.advance(f.settings.pollAfter());
        f.runUntilIdle();

        Submission waiting = reload(second);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(2);
        assertThat(waiting.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(waiting.platformSubmissionId()).isEmpty();
        assertThat(waiting.outcome()).isEmpty();
        assertThat(reload(first).status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void aVerificationTheUserFinishedIsNotExpiredWhenItsTokenRunsOutBeforeThePollFindsIt() {
        Submission s = launched();
        f.platform.report(platformIdOf(s), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null,
                null));

        passTheLaunchTokensExpiry(s);
        f.runUntilIdle();

        Submission done = reload(s);
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.outcome().orElseThrow().result()).isEqualTo(Result.VALID);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(1);
    }

    @Test
    void aVerificationThePlatformHasNothingOnIsExpiredAfterALastLook() {
        Submission s = launched();

        passTheLaunchTokensExpiry(s);
        f.runUntilIdle();

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(1);
    }

    @Test
    void aVerificationThePlatformStillHasAsInitiatedIsExpiredAfterALastLook() {
        Submission s = launched();
        f.platform.report(platformIdOf(s), Outcome.ofStatus(PlatformStatus.INITIATED));

        passTheLaunchTokensExpiry(s);
        f.driver.reconcile(s.id());

        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(1);
    }

    @Test
    void anExpiredVerificationKeepsWhatItsLastLookFound() {
        Submission s = launched();
        f.platform.report(platformIdOf(s), Outcome.ofStatus(PlatformStatus.INITIATED));

        passTheLaunchTokensExpiry(s);
        f.runUntilIdle();

        Submission expired = reload(s);
        assertThat(expired.status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(expired.platformSubmissionId()).contains(platformIdOf(s));
        assertThat(expired.history()).extracting(HistoryEntry::kind).containsSubsequence(HistoryKind.ENRICHED,
                HistoryKind.TRANSITION);
        assertThat(expired.history()).last().extracting(HistoryEntry::to).isEqualTo(SubmissionStatus.EXPIRED);
    }

    @Test
    void aVerificationWhoseLastLookIsRefusedIsExpiredAllTheSame() {
        Submission s = launched();
        f.platform.failNext(Call.FETCH_RESULT, () -> new PlatformRejectedException(400,
                List.of(new PlatformError("1553", "INVALID_REQUEST", null))));

        passTheLaunchTokensExpiry(s);
        f.runUntilIdle();

        // Retried for ever instead, it would hold the user's one active verification for ever.
        assertThat(reload(s).status()).isEqualTo(SubmissionStatus.EXPIRED);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).isEqualTo(1);
    }

    @Test
    void aDriverLaunchRefusedAfterTheStartRequestsLaunchSucceededLeavesTheLaunchedSubmissionAlone() {
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        // While the driver's launch is on its way, another launch goes through and is saved (one whose lease this
        // driver's claim outlived, the store unreachable meanwhile); the platform then refuses the driver's.
        f.platform.failNext(Call.INITIATE_VERIFICATION, () -> {
            Submission current = reload(s);
            VerificationLaunch launch = f.platform.initiateVerification(SubmissionRef.of(current),
                    (IdentityVerificationInput) current.input().orElseThrow());
            f.store.save(current.initiateVerification(launch, f.clock.instant().plus(f.settings.pollAfter()),
                    f.clock.instant()));
            return duplicateSession();
        });

        f.runUntilIdle();

        Submission launched = reload(s);
        assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(launched.failure()).isEmpty();
        assertThat(launched.launch().orElseThrow().sdkToken()).isEqualTo("sdk-token-" + platformIdOf(s));
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(2);
        assertThat(f.platform.submissionsOf(s.partnerUser())).hasSize(1);
    }

    @Test
    void aRelaunchRefusedForItsSessionIdGoesOnUnderANewOne() {
        // The start request's launch was sent (its attempt recorded) but its answer was lost.
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        s = f.store.save(s.recordConfirmAttempt(f.clock.instant()));
        String first = s.partnerSessionId();
        f.platform.failNext(Call.INITIATE_VERIFICATION, IdentityVerificationDriverTest::duplicateSession);

        f.runUntilIdle();

        Submission launched = reload(s);
        assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(launched.launch()).isPresent();
        assertThat(launched.partnerSessionId()).isNotEqualTo(first).isNotBlank();
        assertThat(launched.history()).extracting(HistoryEntry::kind).contains(HistoryKind.SESSION_RENEWED);
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(2);
    }

    @Test
    void aReconcileOfAVerificationWhoseLaunchAnswerWasLostLeavesItToBeLaunchedAgain() {
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        f.platform.crashAfterNext(Call.INITIATE_VERIFICATION);
        assertThatThrownBy(f::runUntilIdle).isInstanceOf(SimulatedCrash.class);
        f.driver = f.newDriver("instance-2");
        String lostLaunch = platformIdOf(s);
        // The platform's details describe the launch whose answer, with the user's token, never came back.
        f.platform.answerStatusReadsWith(new PlatformReport(lostLaunch, "STANDALONE_IDENTITY_VERIFICATION",
                TestData.PARTNER_USER_ID, TestData.PARTNER_USER_ID_TYPE, s.partnerSessionId(),
                Outcome.ofStatus(PlatformStatus.INITIATED)));

        f.driver.reconcile(s.id());

        Submission reconciled = reload(s);
        assertThat(reconciled.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(reconciled.platformSubmissionId()).isEmpty();
        assertThat(reconciled.history()).last().extracting(HistoryEntry::kind).isEqualTo(HistoryKind.STALE_REPORT);

        f.platform.answerStatusReadsWith(null);
        f.platform.failNext(Call.INITIATE_VERIFICATION, IdentityVerificationDriverTest::duplicateSession);
        f.runUntilIdle();

        Submission launched = reload(s);
        assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(launched.launch()).isPresent();
        assertThat(launched.partnerSessionId()).isNotEqualTo(s.partnerSessionId());
        assertThat(launched.platformSubmissionId()).isEmpty();
    }

    @Test
    void aRelaunchRefusedForAnotherReasonStillFails() {
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        s = f.store.save(s.recordConfirmAttempt(f.clock.instant()));
        f.platform.failNext(Call.INITIATE_VERIFICATION, () -> new PlatformRejectedException(400,
                List.of(new PlatformError("1539", "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE", null))));

        f.runUntilIdle();

        Submission failed = reload(s);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.partnerSessionId()).isEqualTo(s.partnerSessionId());
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(1);
    }

    @Test
    void aDriverLaunchRefusedWhileTheSubmissionIsStillCreatedFailsIt() {
        Submission s = f.store.insert(TestData.newIdentityVerification(TestData.partnerUser(), f.clock.instant()));
        f.platform.failNext(Call.INITIATE_VERIFICATION, IdentityVerificationDriverTest::duplicateSession);

        f.runUntilIdle();

        Submission failed = reload(s);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure("1539", "DUPLICATE_PARTNER_SESSION_ID"));
        assertThat(failed.history()).last().extracting(HistoryEntry::source).isEqualTo(TransitionSource.DRIVER);
        assertThat(f.platform.submissions()).isEmpty();
    }
}
