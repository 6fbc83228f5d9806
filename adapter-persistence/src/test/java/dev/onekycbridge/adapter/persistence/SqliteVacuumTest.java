package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.service.RetentionService;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge erases values inside the pages of a SQLite file, which keeps them: only a vacuum gives the space
 * back to the file system.
 */
class SqliteVacuumTest {
    private static final int SETTLED_CALLBACKS = 3000;

    @TempDir
    Path folder;
    private SqliteTestDatabase database;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void afterAPurgeTheVacuumGivesTheErasedSpaceBackAndWhatIsLeftReadsAsBefore() throws IOException {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open();
        Submission kept = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
        long pending = adapter.callbackInbox().append(CallbackChannel.ESIGN, "{\"n\":\"kept\"}", T0).entryId();
        String padding = "x".repeat(2000);
        for (int i = 0; i < SETTLED_CALLBACKS; i++) {
            adapter.callbackInbox().appendRejected(CallbackChannel.COE, "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}",
                    T0, "malformed JSON");
        }
        RetentionService retention = new RetentionService(adapter.submissionStore(), adapter.submissionCatalog(),
                adapter.stagedDocuments(), adapter.callbackInbox(), new MutableClock(T0.plus(Duration.ofDays(60))));
        assertThat(retention.purgeOlderThan(Duration.ofDays(30)).callbackBodies()).isEqualTo(SETTLED_CALLBACKS);
        long purged = onDisk();

        VacuumReport report = adapter.vacuum().orElseThrow();

        assertThat(report.bytesBefore()).isGreaterThan(SETTLED_CALLBACKS * 2000L);
        assertThat(report.bytesAfter()).isLessThan(purged / 4).isLessThan(report.bytesBefore() / 4)
                .isEqualTo(onDisk());
        PersistenceAdapter reopened = database.open();
        assertThat(reopened.submissionStore().findById(kept.id())).contains(kept);
        assertThat(reopened.callbackInbox().claimDue(T0.plusSeconds(5), T0.plusSeconds(30), 10))
                .extracting(InboxEntry::id, InboxEntry::body).containsExactly(
                        tuple(pending, "{\"n\":\"kept\"}"));
        assertThat(database.count("select count(*) from callback_inbox")).isEqualTo(SETTLED_CALLBACKS + 1);
    }

    /** The database file with its WAL. */
    private long onDisk() throws IOException {
        Path wal = Path.of(database.file() + "-wal");
        return Files.size(database.file()) + (Files.exists(wal) ? Files.size(wal) : 0);
    }
}
