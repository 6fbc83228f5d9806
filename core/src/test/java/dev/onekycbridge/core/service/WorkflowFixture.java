package dev.onekycbridge.core.service;

import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.DriverObserver;

import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.RecordingEventPublisher;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/** The core's services wired to in-memory ports and a fake platform, with a clock the test moves. */
final class WorkflowFixture {
    final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    final InMemorySubmissionStore store = new InMemorySubmissionStore();
    final InMemoryStagedDocuments staged = new InMemoryStagedDocuments(clock, id -> store.findById(id).isPresent());
    final InMemoryCallbackInbox inbox = new InMemoryCallbackInbox();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
    final WorkflowSettings settings = WorkflowSettings.DEFAULT;
    final RequestValidator validator = new RequestValidator(clock,
            new DocumentInspector(settings.documentLimits()));
    final StartSubmissionService intake = new StartSubmissionService(validator, store, staged, events, clock);
    SubmissionDriver driver = newDriver("instance-1");

    /** A driver as a freshly started process would build it. */
    SubmissionDriver newDriver(String owner) {
        return new SubmissionDriver(platform, platform, store, store, staged, events, DriverObserver.NONE, clock,
                new Random(7), settings, owner);
    }

    /** A certificate registration as the partner API stores it: accepted, its two images staged. */
    Submission accepted() {
        Submission s = TestData.newCertificateRegistration(clock.instant());
        staged.stageAll(s.id(), Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)),
                DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
        return store.insert(s);
    }

    /** Runs the driver until nothing is due at the current time. */
    int runUntilIdle() {
        int steps = 0;
        for (int round = 0; round < 100; round++) {
            int claimed = driver.advanceDueSubmissions(10);
            if (claimed == 0) {
                return steps;
            }
            steps += claimed;
        }
        throw new AssertionError("the driver did not settle in 100 rounds");
    }

    void advance(Duration duration) {
        clock.advance(duration);
    }
}
