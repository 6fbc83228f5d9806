package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.TestData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A publisher that throws is the embedding application's bug: every change it was told of stands, and goes on. */
class FailingPublisherTest {
    private final WorkflowFixture f = new WorkflowFixture();
    /** Its message quotes personal data, as a careless listener's might. */
    private final SubmissionEventPublisher failing = event -> {
        throw new IllegalStateException("listener down while telling " + TestData.NIK);
    };

    private SubmissionDriver failingDriver() {
        return new SubmissionDriver(f.platform, f.platform, f.store, f.store, f.staged, failing,
                DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");
    }


    @Test
    void aStartAnswersWithTheStoredSubmissionAndItsRetryIsAReplayNotAConflict() {
        StartSubmissionService intake = new StartSubmissionService(f.validator, f.store, f.staged, failing, f.clock);

        try (CapturedLogs log = CapturedLogs.of(IsolatedEvents.class)) {
            StartedSubmission started = intake.startCertificateRegistration(
                    StartSubmissionServiceTest.registration("u-1", TestData.NIK, "idem-1"));
            StartedSubmission retried = intake.startCertificateRegistration(
                    StartSubmissionServiceTest.registration("u-1", TestData.NIK, "idem-1"));

            assertThat(started.submission().status()).isEqualTo(SubmissionStatus.CREATED);
            assertThat(retried.replayed()).isTrue();
            assertThat(retried.submission().id()).isEqualTo(started.submission().id());
            assertThat(log.warnings()).singleElement().asString()
                    .contains(started.submission().id().toString(), IllegalStateException.class.getName())
                    .doesNotContain(TestData.NIK, "listener down");
        }
    }

    @Test
    void theStepsGoOnAndTheImagesAreDiscardedOnceThePlatformHasThem() {
        Submission s = f.accepted();
        f.driver = failingDriver();

        f.runUntilIdle();

        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aCallbackIsAppliedAtItsFirstAttempt() {
        Submission s = f.accepted();
        f.runUntilIdle();
        Submission confirmed = f.store.findById(s.id()).orElseThrow();
        CallbackService callbacks = new CallbackService(f.inbox, new FakeMessageDecoder(), f.store, f.staged,
                failing, CallbackObserver.NONE, f.clock, new Random(3), f.settings, id -> f.driver.reconcile(id));

        CallbackReceipt receipt = callbacks.accept(CallbackChannel.ESIGN,
                FakeMessageDecoder.body(confirmed.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID"));
        callbacks.processDueCallbacks(10);

        assertThat(f.inbox.all()).filteredOn(e -> e.id() == receipt.entryId()).singleElement()
                .extracting(e -> e.state()).isEqualTo(InboxState.APPLIED);
        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void anOperatorsFailureIsAnsweredWithTheFailedSubmission() {
        Submission s = f.accepted();
        FailSubmissionService operator = new FailSubmissionService(f.store, f.staged, failing, f.clock);

        assertThat(operator.failSubmission(s.id(), "lost at the platform")).get()
                .extracting(Submission::status).isEqualTo(SubmissionStatus.FAILED);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void anIdentityVerificationIsLaunchedAtOnce() {
        IdentityVerificationService service = new IdentityVerificationService(f.validator, f.store, failingDriver(),
                failing, f.clock, f.settings);

        StartedSubmission started = service.startIdentityVerification(new StartIdentityVerification("u-9",
                TestData.PARTNER_USER_ID_TYPE, null, "081234567890",
                new DataVerificationForm(null, new VerificationForm(true, "pv-9")), "SDK", null, null, null, null));

        assertThat(started.submission().status()).isEqualTo(SubmissionStatus.INITIATED);
        assertThat(started.submission().launch()).isPresent();
    }
}
