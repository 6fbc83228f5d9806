package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A publisher that throws an Error is the embedding application's bug as much as one that throws an exception
 * (an assertion in a listener, a class it could not load): the workflow goes on. Only the JVM's own failures pass.
 */
class IsolatedEventsTest {
    private final WorkflowFixture f = new WorkflowFixture();

    @Test
    void aStartWhosePublisherThrowsAnAssertionErrorAnswersWithTheStoredSubmission() {
        SubmissionEventPublisher failing = event -> {
            throw new AssertionError("listener expected another NIK than " + TestData.NIK);
        };
        StartSubmissionService intake = new StartSubmissionService(f.validator, f.store, f.staged, failing, f.clock);

        try (CapturedLogs log = CapturedLogs.of(IsolatedEvents.class)) {
            StartedSubmission started = intake.startCertificateRegistration(
                    StartSubmissionServiceTest.registration("u-1", TestData.NIK, "idem-1"));

            assertThat(started.submission().status()).isEqualTo(SubmissionStatus.CREATED);
            assertThat(log.warnings()).singleElement().asString()
                    .contains(started.submission().id().toString(), AssertionError.class.getName())
                    .doesNotContain(TestData.NIK, "expected another");
        }
    }

    @Test
    void theStepsGoOnWhenThePublisherCannotLoadAClass() {
        Submission s = f.accepted();
        f.driver = new SubmissionDriver(f.platform, f.platform, f.store, f.store, f.staged, event -> {
            throw new NoClassDefFoundError("com/partner/Notifier");
        }, DriverObserver.NONE, f.clock, new Random(7), f.settings, "instance-1");

        f.runUntilIdle();

        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.CONFIRMED);
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void theJvmsOwnFailureIsNotSwallowed() {
        SubmissionEventPublisher events = IsolatedEvents.of(event -> {
            throw new OutOfMemoryError("Java heap space");
        });
        StartSubmissionService intake = new StartSubmissionService(f.validator, f.store, f.staged, events, f.clock);

        assertThatThrownBy(() -> intake.startCertificateRegistration(
                StartSubmissionServiceTest.registration("u-2", TestData.NIK, "idem-2")))
                .isInstanceOf(OutOfMemoryError.class);
    }
}
