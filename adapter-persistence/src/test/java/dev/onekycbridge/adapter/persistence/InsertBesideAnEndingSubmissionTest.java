package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.BlockedWriter.awaitTrue;
import static dev.onekycbridge.core.contract.SubmissionFixtures.failed;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's new submission refused because another was active, which ends before the refusal is looked into: the
 * slot is free by then, so the new one is stored instead of failing with a rule nobody breaks any more. SQLite's
 * writer commits the writes queued together, in their order, which sets the two up deterministically.
 */
class InsertBesideAnEndingSubmissionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path folder;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aStartRefusedByASubmissionThatEndedMeanwhileIsStored() throws Exception {
        try (PersistenceAdapter adapter = SqliteTestDatabase.in(folder).open()) {
            var store = adapter.submissionStore();
            SqliteWriter writer = adapter.database().sqliteWriter();
            Submission ending = store.insert(TestData.newIdentityVerification(user("u-1"), T0));
            Submission next = TestData.newCertificateRegistration(user("u-1"), T0.plusSeconds(2));

            CountDownLatch release = BlockedWriter.block(writer, callers);
            Future<Submission> inserted = callers.submit(() -> store.insert(next));
            awaitTrue(() -> writer.queued() == 1);
            // Queued behind the insert: the same transaction refuses the insert, then ends the holder of the slot.
            Future<Submission> ended = callers.submit(() -> store.save(failed(ending, T0.plusSeconds(1))));
            awaitTrue(() -> writer.queued() == 2);
            long before = writer.transactions();

            release.countDown();

            assertThat(ended.get(10, TimeUnit.SECONDS).isFinal()).isTrue();
            assertThat(inserted.get(10, TimeUnit.SECONDS).id()).isEqualTo(next.id());
            // The blocking write's, the refused insert's with the save, and the insert's again.
            assertThat(writer.transactions() - before).isEqualTo(3);
            assertThat(store.findActive(FlowType.CERT_REG, user("u-1")).map(Submission::id)).contains(next.id());
        }
    }
}
