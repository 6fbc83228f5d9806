package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException.Kind;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.TestData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A callback whose submission's stored data cannot be read: damaged data, which no instance reads, is given up on
 * once the match window has passed (so that the purge erases the body); data under a key not configured here,
 * which another instance reads, is parked for as long as it takes.
 */
class CallbackUnreadableSubmissionTest {
    private final WorkflowFixture f = new WorkflowFixture();
    /** What reading a submission fails with: nothing while null. */
    private StoredDataUnreadableException unreadable;
    private final SubmissionStore store = (SubmissionStore) Proxy.newProxyInstance(
            SubmissionStore.class.getClassLoader(), new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> {
                if (unreadable != null && method.getName().startsWith("find")) {
                    throw unreadable;
                }
                try {
                    return method.invoke(f.store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final CallbackService callbacks = new CallbackService(f.inbox, new FakeMessageDecoder(), store,
            f.staged, f.events, CallbackObserver.NONE, f.clock, new Random(3), f.settings,
            id -> f.driver.reconcile(id));

    private long callbackFor(Kind kind) {
        Submission s = f.accepted();
        f.runUntilIdle();
        Submission confirmed = f.store.findById(s.id()).orElseThrow();
        unreadable = new StoredDataUnreadableException("stored data in submissions.personal|" + s.id()
                + " under data key 'key-1'", "key-1", kind);
        return callbacks.accept(CallbackChannel.ESIGN, FakeMessageDecoder.body(
                confirmed.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID") + ";nik=" + TestData.NIK)
                .entryId();
    }

    private InboxEntry entry(long id) {
        return f.inbox.all().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    /** Parked for good, its body would outlive the retention purge, which erases the bodies of settled entries. */
    @Test
    void aCallbackWhoseSubmissionIsDamagedIsParkedThenKeptAsUnmatchedOnceItsMatchWindowHasPassed() {
        long id = callbackFor(Kind.DAMAGED);
        callbacks.processDueCallbacks(10);
        assertThat(entry(id).state()).as("the data may yet be repaired").isEqualTo(InboxState.PARKED);

        f.advance(f.settings.matchWindow().plusHours(1));
        try (CapturedLogs log = CapturedLogs.of(CallbackService.class)) {
            callbacks.processDueCallbacks(10);

            assertThat(log.warnings()).singleElement().asString().contains("kept as unmatched")
                    .contains("damaged").doesNotContain(TestData.NIK);
        }
        assertThat(entry(id).state()).isEqualTo(InboxState.UNMATCHED);
        assertThat(entry(id).lastError()).contains("could not be read (damaged)");
    }

    @Test
    void aCallbackWhoseSubmissionIsUnderAKeyNotConfiguredHereStaysParkedPastItsMatchWindow() {
        long id = callbackFor(Kind.KEY_NOT_CONFIGURED);
        callbacks.processDueCallbacks(10);

        f.advance(f.settings.matchWindow().plusHours(1));
        callbacks.processDueCallbacks(10);

        assertThat(entry(id).state()).as("an instance with the key applies it").isEqualTo(InboxState.PARKED);
        unreadable = null;
        f.advance(Duration.ofHours(1));
        callbacks.processDueCallbacks(10);
        assertThat(entry(id).state()).isEqualTo(InboxState.APPLIED);
    }
}
