package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.testing.FakeOneKycPlatform.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityVerificationServiceTest {
    private final WorkflowFixture f = new WorkflowFixture();
    private final IdentityVerificationService service = new IdentityVerificationService(f.validator, f.store,
            f.driver, f.events, f.clock, f.settings);

    private static StartIdentityVerification request(String key) {
        return new StartIdentityVerification("u-9", "CLIENT_X_USER_ID", null, "081234567890",
                new DataVerificationForm(null, new VerificationForm(true, "pv-9")), "SDK", null, null, null, key);
    }

    @Test
    void theLaunchIsAskedForAtOnceAndTheSubmissionWaitsForItsResult() {
        StartedSubmission started = service.startIdentityVerification(request(null));

        assertThat(started.submission().status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(started.submission().launch().orElseThrow().sdkToken()).startsWith("sdk-token-");
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(1);
        assertThat(started.submission().schedule().nextStepAt())
                .isEqualTo(f.clock.instant().plus(f.settings.pollAfter()));
    }

    @Test
    void whenThePlatformCannotBeReachedTheDriverLaunchesItLater() {
        f.platform.failNext(Call.INITIATE_VERIFICATION, () -> new PlatformUnavailableException("down", 503, null,
                null));

        StartedSubmission started = service.startIdentityVerification(request(null));
        assertThat(started.submission().status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(started.submission().launch()).isEmpty();

        f.advance(f.settings.launchGrace());
        f.runUntilIdle();

        var launched = f.store.findById(started.submission().id()).orElseThrow();
        assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(launched.launch()).isPresent();
    }

    @Test
    void aRefusalFailsTheSubmissionAndIsPassedOnToTheCaller() {
        f.platform.failNext(Call.INITIATE_VERIFICATION, () -> new PlatformRejectedException(400,
                List.of(new PlatformError("1539", "PHONE_NUMBER_IS_INVALID", "ESIGN_ADAPTER"))));

        assertThatThrownBy(() -> service.startIdentityVerification(request(null)))
                .isInstanceOf(PlatformRejectedException.class);

        var failed = f.store.all().get(0);
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure("1539", "PHONE_NUMBER_IS_INVALID"));
    }

    @Test
    void aLaunchRefusedAfterTheDriverLaunchedTheSubmissionMeanwhileAnswersWithThatLaunch() {
        // The start request's launch outlasts its lease (the store unreachable meanwhile): another launch goes
        // through and is saved; the platform then refuses the start request's.
        f.platform.failNext(Call.INITIATE_VERIFICATION, () -> {
            Submission current = f.store.all().get(0);
            VerificationLaunch launch = f.platform.initiateVerification(SubmissionRef.of(current),
                    (IdentityVerificationInput) current.input().orElseThrow());
            f.store.save(current.initiateVerification(launch, f.clock.instant().plus(f.settings.pollAfter()),
                    f.clock.instant()));
            return new PlatformRejectedException(400,
                    List.of(new PlatformError("1539", "DUPLICATE_PARTNER_SESSION_ID", null)));
        });

        StartedSubmission started = service.startIdentityVerification(request(null));

        var stored = f.store.all().get(0);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(stored.failure()).isEmpty();
        assertThat(started.submission()).isEqualTo(stored);
        assertThat(started.submission().launch().orElseThrow().sdkToken()).startsWith("sdk-token-");
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(2);
    }

    @Test
    void aLaunchWhoseCallbackLandsBeforeItsAnswerIsSavedIsKeptAndAnsweredNotLeftToTheDriver() {
        // The platform's answer to the launch is slow; its callback is applied meanwhile.
        f.platform.meanwhileNext(Call.INITIATE_VERIFICATION, () -> {
            Submission waiting = f.store.all().get(0);
            f.store.save(waiting.applyReport(new PlatformReport("siv-1", "STANDALONE_IDENTITY_VERIFICATION", null,
                    null, waiting.partnerSessionId(), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null,
                            null, null, null)), TransitionSource.CALLBACK, f.clock.instant()).submission());
        });

        StartedSubmission started;
        try (CapturedLogs logs = CapturedLogs.of(IdentityVerificationService.class)) {
            started = service.startIdentityVerification(request(null));
            assertThat(logs.records()).isEmpty();
        }

        Submission stored = f.store.all().get(0);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(stored.launch().orElseThrow().sdkToken()).startsWith("sdk-token-");
        assertThat(started.submission()).isEqualTo(stored);
        f.advance(f.settings.launchGrace());
        f.runUntilIdle();
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(1);
    }

    /**
     * The platform's answer to the launch takes longer than the launch grace (a call may take a minute, and is
     * retried): a driver looking meanwhile would launch it again, and leave a second verification of the user
     * active at the platform.
     */
    @Test
    void aDriverLeavesALaunchAloneWhileTheRequestsCallOutlastsTheGrace() {
        SubmissionDriver otherInstance = f.newDriver("instance-2");
        f.platform.meanwhileNext(Call.INITIATE_VERIFICATION, () -> {
            f.advance(f.settings.launchGrace().plusMinutes(2));
            assertThat(otherInstance.advanceDueSubmissions(10)).isZero();
        });

        StartedSubmission started = service.startIdentityVerification(request(null));

        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(1);
        Submission stored = f.store.all().get(0);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(stored.launch()).isPresent();
        assertThat(started.submission()).isEqualTo(stored);
        f.advance(f.settings.pollAfter());
        otherInstance.advanceDueSubmissions(10);
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).as("the lease ended with the launch's save")
                .isEqualTo(1);
        assertThat(f.platform.calls(Call.FETCH_RESULT)).as("the driver polls it as usual").isEqualTo(1);
    }

    @Test
    void aLaunchWhoseSubmissionWasSavedMeanwhileIsSavedOntoItsCurrentState() {
        f.platform.meanwhileNext(Call.INITIATE_VERIFICATION, () -> {
            Submission waiting = f.store.all().get(0);
            f.store.save(waiting.scheduleAt(f.clock.instant().plus(Duration.ofMinutes(1))));
        });

        StartedSubmission started = service.startIdentityVerification(request(null));

        Submission stored = f.store.all().get(0);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(stored.launch().orElseThrow().sdkToken()).startsWith("sdk-token-");
        assertThat(started.submission()).isEqualTo(stored);
    }

    @Test
    void aLaunchUnderASessionTheDriverRenewedMeanwhileIsNotKept() {
        f.platform.meanwhileNext(Call.INITIATE_VERIFICATION, () -> {
            Submission waiting = f.store.all().get(0);
            f.store.save(waiting.renewPartnerSession("renewed-session", f.clock.instant()));
        });

        StartedSubmission started = service.startIdentityVerification(request(null));

        Submission stored = f.store.all().get(0);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(stored.launch()).isEmpty();
        assertThat(started.submission()).isEqualTo(stored);
    }

    /**
     * Esign's Get Submission Details answers with the user's latest CERT_REG or SIV submission, whichever it is: a
     * verification launched beside an active registration would hide the registration's result from its polls,
     * and the registration the verification's.
     */
    @Test
    void aVerificationWhileTheUserHasAnActiveRegistrationIsAConflictNamingItAndLaunchesNothing() {
        StartedSubmission registration = f.intake.startCertificateRegistration(
                StartSubmissionServiceTest.registration("u-9", TestData.NIK, null));

        assertThatThrownBy(() -> service.startIdentityVerification(request(null)))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS);
                    assertThat(e.existing()).isEqualTo(registration.submission().id());
                });
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isZero();
    }

    @Test
    void aRetriedRequestWithItsIdempotencyKeyDoesNotLaunchTwice() {
        StartedSubmission first = service.startIdentityVerification(request("k-1"));
        f.advance(Duration.ofSeconds(1));
        StartedSubmission again = service.startIdentityVerification(request("k-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.submission().id()).isEqualTo(first.submission().id());
        assertThat(f.platform.calls(Call.INITIATE_VERIFICATION)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherVerificationReferenceIsAConflict() {
        service.startIdentityVerification(request("k-1"));

        assertThatThrownBy(() -> service.startIdentityVerification(new StartIdentityVerification("u-9",
                "CLIENT_X_USER_ID", null, "081234567890",
                new DataVerificationForm(null, new VerificationForm(true, "pv-10")), "SDK", null, null, null, "k-1")))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
    }
}
