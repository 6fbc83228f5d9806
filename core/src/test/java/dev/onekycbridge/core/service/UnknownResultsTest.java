package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.TestData;
import java.util.Random;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** A result the platform added, which the bridge does not know: taken as reported, and told to the log. */
class UnknownResultsTest {
    private final WorkflowFixture f = new WorkflowFixture();

    /** A certificate registration the driver confirmed, whose result the platform then reports. */
    private Submission reported(Result result) {
        Submission s = f.accepted();
        f.runUntilIdle();
        s = f.store.findById(s.id()).orElseThrow();
        assertThat(s.status()).isEqualTo(SubmissionStatus.CONFIRMED);
        f.platform.report(FakeOneKycPlatform.platformIdOf(s),
                Outcome.of(PlatformStatus.COMPLETED, result, null, null, null, null, null));
        f.advance(f.settings.pollAfter());
        return s;
    }

    @Test
    void aPolledCompletionWithAnUnknownResultIsKeptFinalAndLoggedOnce() {
        Submission s = reported(Result.of("UNDER_REVIEW"));

        try (CapturedLogs log = CapturedLogs.of(UnknownResults.class)) {
            f.runUntilIdle();
            f.driver.reconcile(s.id());

            assertThat(log.at(Level.WARNING)).singleElement().asString().contains(s.id().toString())
                    .contains("COMPLETED/UNDER_REVIEW");
        }
        Submission done = f.store.findById(s.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(done.outcome().orElseThrow().result()).isEqualTo(Result.of("UNDER_REVIEW"));
    }

    @Test
    void anUnknownResultThatIsNoCodeIsWithheldFromTheLog() {
        Submission s = reported(Result.of("NIK " + TestData.NIK));

        try (CapturedLogs log = CapturedLogs.of(UnknownResults.class)) {
            f.runUntilIdle();

            assertThat(log.at(Level.WARNING)).singleElement().asString().contains(s.id().toString())
                    .contains("withheld").doesNotContain(TestData.NIK);
        }
    }

    @Test
    void aCallbackThatBringsAnUnknownResultIsLoggedOnce() {
        Submission s = f.accepted();
        f.runUntilIdle();
        String platformId = f.store.findById(s.id()).orElseThrow().platformSubmissionId().orElseThrow();
        CallbackService callbacks = new CallbackService(f.inbox, new FakeMessageDecoder(), f.store, f.staged,
                f.events, CallbackObserver.NONE, f.clock, new Random(3), f.settings, id -> f.driver.reconcile(id));
        String body = FakeMessageDecoder.body(platformId, "COMPLETED", "UNDER_REVIEW");

        try (CapturedLogs log = CapturedLogs.of(UnknownResults.class)) {
            callbacks.accept(CallbackChannel.ESIGN, body);
            callbacks.processDueCallbacks(10);
            callbacks.accept(CallbackChannel.ESIGN, body + ";repeat=1");
            callbacks.processDueCallbacks(10);

            assertThat(log.at(Level.WARNING)).singleElement().asString().contains(s.id().toString())
                    .contains("COMPLETED/UNDER_REVIEW");
        }
        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void aKnownResultIsNotLogged() {
        reported(Result.VALID);

        try (CapturedLogs log = CapturedLogs.of(UnknownResults.class)) {
            f.runUntilIdle();

            assertThat(log.records()).isEmpty();
        }
    }
}
