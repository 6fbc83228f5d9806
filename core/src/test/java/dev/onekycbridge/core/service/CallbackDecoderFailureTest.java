package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A decoder's own bug (not a malformed body) neither loses a callback nor holds up the others. */
class CallbackDecoderFailureTest {
    private final WorkflowFixture f = new WorkflowFixture();
    /** The bodies the decoder fails on, until it is fixed. */
    private Predicate<String> failsOn = body -> false;
    private final MessageDecoder decoder = new MessageDecoder() {
        private final FakeMessageDecoder fixed = new FakeMessageDecoder();

        @Override
        public PlatformReport decode(CallbackChannel channel, String body) {
            if (failsOn.test(body)) {
                throw new IllegalStateException("decoder bug on " + body);
            }
            return fixed.decode(channel, body);
        }
    };
    private final CallbackService callbacks = new CallbackService(f.inbox, decoder, f.store, f.staged, f.events,
            CallbackObserver.NONE, f.clock, new Random(3), f.settings, id -> f.driver.reconcile(id));

    private Submission confirmed(String userId) {
        Submission s = TestData.newCertificateRegistration(TestData.partnerUser(userId), f.clock.instant());
        f.staged.stageAll(s.id(), Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)),
                DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
        f.store.insert(s);
        f.runUntilIdle();
        return f.store.findById(s.id()).orElseThrow();
    }

    /** A callback body that, like the platform's, carries personal data. */
    private static String completed(Submission s) {
        return FakeMessageDecoder.body(s.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID")
                + ";nik=" + TestData.NIK;
    }

    private InboxEntry entry(long id) {
        return f.inbox.all().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    @Test
    void aCallbackTheDecoderFailsOnIsStoredAndAppliedOnceTheDecoderIsFixed() {
        Submission s = confirmed("u-1");
        failsOn = body -> true;

        CallbackReceipt receipt;
        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            receipt = callbacks.accept(CallbackChannel.ESIGN, completed(s));

            assertThat(log.warnings()).singleElement().asString().contains(IllegalStateException.class.getName())
                    .doesNotContain(TestData.NIK).doesNotContain("decoder bug");
        }
        assertThat(receipt).isInstanceOf(CallbackReceipt.Accepted.class);
        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.PENDING);

        failsOn = body -> false;
        callbacks.processDueCallbacks(10);

        assertThat(entry(receipt.entryId()).state()).isEqualTo(InboxState.APPLIED);
        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    @Test
    void aStoredCallbackTheDecoderFailsOnIsParkedAndTheRestOfTheBatchIsApplied() {
        Submission first = confirmed("u-1");
        Submission second = confirmed("u-2");
        long failing = callbacks.accept(CallbackChannel.ESIGN, completed(first)).entryId();
        long fine = callbacks.accept(CallbackChannel.ESIGN, completed(second)).entryId();
        failsOn = body -> body.equals(completed(first));

        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            assertThat(callbacks.processDueCallbacks(10)).isEqualTo(2);

            assertThat(log.warnings()).singleElement().asString().contains(IllegalStateException.class.getName())
                    .doesNotContain(TestData.NIK).doesNotContain("decoder bug");
        }
        assertThat(entry(failing).state()).isEqualTo(InboxState.PARKED);
        assertThat(entry(fine).state()).isEqualTo(InboxState.APPLIED);
        assertThat(f.store.findById(second.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);

        failsOn = body -> false;
        f.advance(Duration.ofHours(1));
        callbacks.processDueCallbacks(10);

        assertThat(entry(failing).state()).isEqualTo(InboxState.APPLIED);
        assertThat(f.store.findById(first.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.COMPLETED);
    }

    /** Parked for good, its body would outlive the retention purge, which erases the bodies of settled entries. */
    @Test
    void aCallbackTheDecoderStillFailsOnOnceItsMatchWindowHasPassedIsKeptAsUnmatched() {
        Submission s = confirmed("u-1");
        failsOn = body -> true;
        long id = callbacks.accept(CallbackChannel.ESIGN, completed(s)).entryId();
        callbacks.processDueCallbacks(10);
        assertThat(entry(id).state()).isEqualTo(InboxState.PARKED);

        f.advance(f.settings.matchWindow().plusHours(1));
        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            callbacks.processDueCallbacks(10);

            assertThat(log.warnings()).singleElement().asString().contains("kept as unmatched")
                    .contains(IllegalStateException.class.getName()).doesNotContain(TestData.NIK);
        }
        assertThat(entry(id).state()).isEqualTo(InboxState.UNMATCHED);
        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.CONFIRMED);
    }
}
