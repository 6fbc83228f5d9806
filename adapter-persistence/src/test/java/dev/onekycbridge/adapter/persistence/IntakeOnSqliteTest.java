package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.in.PurgeReport;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.RetentionService;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.RecordingEventPublisher;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake and the retention purge over a real SQLite store, images as files beside it: a submission that could
 * not be stored leaves no image behind, and images left by an intake that stopped half-way are swept.
 */
class IntakeOnSqliteTest {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;
    private PersistenceAdapter adapter;
    /** The services' clock; the store stamps staged images with its own, the system's: both start now. */
    private final MutableClock clock = new MutableClock(Instant.now());
    private StartSubmissionService intake;

    @BeforeEach
    void open() {
        database = SqliteTestDatabase.in(folder);
        adapter = database.open(DatabaseConfig::withImageFolderBesideSqliteFile);
        intake = new StartSubmissionService(new RequestValidator(clock,
                new DocumentInspector(WorkflowSettings.DEFAULT.documentLimits())), adapter.submissionStore(),
                adapter.stagedDocuments(), new RecordingEventPublisher(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static StartKtpScan ktpScan(String userId) {
        return new StartKtpScan(userId, TestData.PARTNER_USER_ID_TYPE, DocumentSource.ofBytes(TestData.jpeg(8000)),
                null);
    }

    private long imageFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(database.file() + ".images"))) {
            return files.count();
        }
    }

    @Test
    void aSubmissionThatCannotBeStoredLeavesNoStagedImageBehind() throws IOException {
        // The database refuses the insert as a full disk or a broken connection would, after the images are staged.
        database.execute("CREATE TRIGGER refuse_submissions BEFORE INSERT ON submissions"
                + " BEGIN SELECT RAISE(ABORT, 'no room'); END");

        assertThatThrownBy(() -> intake.startKtpScan(ktpScan("u-1")))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(database.count("select count(*) from staged_documents")).isZero();
        assertThat(imageFiles()).isZero();
        assertThat(database.count("select count(*) from submissions")).isZero();
    }

    @Test
    void thePurgeDiscardsImagesLeftWithoutASubmissionOnceOlderThanTheRetentionAndKeepsOthers() throws IOException {
        SubmissionId leftBehind = SubmissionId.random();
        adapter.stagedDocuments().stageAll(leftBehind,
                Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
        var stored = intake.startKtpScan(ktpScan("u-1")).submission();
        RetentionService retention = new RetentionService(adapter.submissionStore(), adapter.submissionCatalog(),
                adapter.stagedDocuments(), adapter.callbackInbox(), clock);

        assertThat(retention.purgeOlderThan(Duration.ofDays(30)).orphanedImages())
                .as("staged moments ago: possibly an intake about to store its submission").isZero();
        assertThat(imageFiles()).isEqualTo(2);

        clock.advance(Duration.ofDays(31));
        PurgeReport report = retention.purgeOlderThan(Duration.ofDays(30));

        assertThat(report.orphanedImages()).isEqualTo(1);
        assertThat(adapter.stagedDocuments().find(leftBehind, DocumentKind.KTP)).isEmpty();
        assertThat(adapter.stagedDocuments().find(stored.id(), DocumentKind.KTP)).isPresent();
        assertThat(imageFiles()).isEqualTo(1);
    }
}
