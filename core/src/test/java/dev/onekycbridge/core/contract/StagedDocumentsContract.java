package dev.onekycbridge.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules every store of staged images keeps: in memory, SQLite and PostgreSQL run these same tests. */
public abstract class StagedDocumentsContract {
    /** A store holding no image, independent of any other test's. */
    protected abstract StagedDocuments newEmptyStagedDocuments();

    /** The submissions stored beside the images of the last {@link #newEmptyStagedDocuments}. */
    protected abstract SubmissionStore submissionsBeside();

    private StagedDocuments staged;

    @BeforeEach
    void openEmptyStore() {
        staged = newEmptyStagedDocuments();
    }

    private void stageBoth(SubmissionId id, byte[] ktp, byte[] selfie) {
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp),
                DocumentKind.SELFIE, DocumentSource.ofBytes(selfie)));
    }

    private void assertStaged(SubmissionId id, byte[] ktp, byte[] selfie) {
        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(ktp);
        assertThat(read(staged.find(id, DocumentKind.SELFIE))).isEqualTo(selfie);
    }

    private static byte[] read(Optional<DocumentSource> source) {
        assertThat(source).isPresent();
        try (InputStream in = source.get().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStagedImageIsFoundWithTheSameBytes() {
        SubmissionId id = SubmissionId.random();
        byte[] ktp = TestData.jpeg(4096);

        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp)));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(ktp);
    }

    @Test
    void aFoundImageCanBeReadMoreThanOnce() throws IOException {
        SubmissionId id = SubmissionId.random();
        byte[] ktp = TestData.jpeg(2048);
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp)));

        DocumentSource source = staged.find(id, DocumentKind.KTP).orElseThrow();

        try (InputStream first = source.open(); InputStream second = source.open()) {
            assertThat(first.readAllBytes()).isEqualTo(ktp);
            assertThat(second.readAllBytes()).isEqualTo(ktp);
        }
    }

    @Test
    void stagingTheSameKindAgainReplacesTheImage() {
        SubmissionId id = SubmissionId.random();
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
        byte[] replacement = TestData.png(3000);

        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(replacement)));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(replacement);
    }

    @Test
    void eachKindAndEachSubmissionHasItsOwnImage() {
        SubmissionId first = SubmissionId.random();
        SubmissionId second = SubmissionId.random();
        byte[] ktp = TestData.jpeg(4096);
        byte[] selfie = TestData.png(5000);
        byte[] otherKtp = TestData.jpeg(6000);

        staged.stageAll(first, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp)));
        staged.stageAll(first, Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(selfie)));
        staged.stageAll(second, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(otherKtp)));

        assertThat(read(staged.find(first, DocumentKind.KTP))).isEqualTo(ktp);
        assertThat(read(staged.find(first, DocumentKind.SELFIE))).isEqualTo(selfie);
        assertThat(read(staged.find(second, DocumentKind.KTP))).isEqualTo(otherKtp);
        assertThat(staged.find(second, DocumentKind.SELFIE)).isEmpty();
    }

    @Test
    void nothingIsFoundForASubmissionThatStagedNothing() {
        assertThat(staged.find(SubmissionId.random(), DocumentKind.KTP)).isEmpty();
    }

    @Test
    void discardingRemovesEveryImageOfTheSubmissionAndNoOther() {
        SubmissionId discarded = SubmissionId.random();
        SubmissionId kept = SubmissionId.random();
        staged.stageAll(discarded, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
        staged.stageAll(discarded, Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096))));
        staged.stageAll(kept, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));

        staged.discard(discarded);

        assertThat(staged.find(discarded, DocumentKind.KTP)).isEmpty();
        assertThat(staged.find(discarded, DocumentKind.SELFIE)).isEmpty();
        assertThat(staged.find(kept, DocumentKind.KTP)).isPresent();
    }

    @Test
    void discardingTwiceOrDiscardingNothingIsHarmless() {
        SubmissionId id = SubmissionId.random();
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));

        staged.discard(id);
        staged.discard(id);
        staged.discard(SubmissionId.random());

        assertThat(staged.find(id, DocumentKind.KTP)).isEmpty();
    }

    @Test
    void anImageCanBeStagedAgainAfterItWasDiscarded() {
        SubmissionId id = SubmissionId.random();
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096))));
        staged.discard(id);
        byte[] again = TestData.jpeg(2048);

        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(again)));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(again);
    }

    @Test
    void imagesStagedBeforeTheCutoffForASubmissionNeverStoredAreDiscardedAndNoOthers() {
        Submission stored = submissionsBeside().insert(TestData.newKtpScan(SubmissionFixtures.user("u-1"),
                Instant.now()));
        SubmissionId orphan = SubmissionId.random();
        SubmissionId otherOrphan = SubmissionId.random();
        byte[] ktp = TestData.jpeg(4096);
        byte[] selfie = TestData.png(2048);
        stageBoth(stored.id(), ktp, selfie);
        stageBoth(orphan, ktp, selfie);
        staged.stageAll(otherOrphan, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(ktp)));

        assertThat(staged.discardOrphans(Instant.now().minus(Duration.ofHours(1)), 10))
                .as("nothing was staged an hour ago").isZero();
        assertThat(staged.discardOrphans(Instant.now().plus(Duration.ofMinutes(1)), 1)).isEqualTo(1);
        assertThat(staged.discardOrphans(Instant.now().plus(Duration.ofMinutes(1)), 10)).isEqualTo(1);

        assertThat(staged.find(orphan, DocumentKind.KTP)).isEmpty();
        assertThat(staged.find(orphan, DocumentKind.SELFIE)).isEmpty();
        assertThat(staged.find(otherOrphan, DocumentKind.KTP)).isEmpty();
        assertStaged(stored.id(), ktp, selfie);
        assertThat(staged.discardOrphans(Instant.now().plus(Duration.ofMinutes(1)), 10)).isZero();
    }

    @Test
    void aLargeImageIsKeptWhole() {
        SubmissionId id = SubmissionId.random();
        byte[] large = TestData.jpeg(3 * 1024 * 1024 + 17);

        staged.stageAll(id, Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(large)));

        assertThat(read(staged.find(id, DocumentKind.SELFIE))).isEqualTo(large);
    }

    @Test
    void imagesOfLengthsAroundCommonBufferSizesAreKeptWhole() {
        // A store may write and read in chunks or buffers: an image ending at, just before or just after a
        // boundary, or empty, comes back as it was.
        SubmissionId id = SubmissionId.random();
        for (int length : new int[] {0, 1, 8191, 8192, 8193, 65535, 65536, 65537, 262143, 262144, 262145,
                1048576, 1048577}) {
            byte[] image = new byte[length];
            new Random(length).nextBytes(image);

            staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(image)));

            assertThat(read(staged.find(id, DocumentKind.KTP))).as("an image of %d bytes", length).isEqualTo(image);
        }
    }

    /** A source that gives {@code bytes} bytes, then fails as a dropped upload would. */
    private static DocumentSource failingAfter(int bytes) {
        return () -> new InputStream() {
            private int left = bytes;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw new IOException("connection reset");
                }
                left--;
                return 7;
            }
        };
    }

    @Test
    void aSourceThatFailsHalfWayKeepsTheImageStagedBefore() {
        SubmissionId id = SubmissionId.random();
        byte[] before = TestData.jpeg(4096);
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(before)));

        assertThatThrownBy(() -> staged.stageAll(id, Map.of(DocumentKind.KTP, failingAfter(300_000))))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(before);
    }

    @Test
    void imagesStagedTogetherAreEachFoundWithTheirOwnBytes() {
        SubmissionId id = SubmissionId.random();
        byte[] ktp = TestData.jpeg(4096);
        byte[] selfie = TestData.png(600_000);

        stageBoth(id, ktp, selfie);

        assertStaged(id, ktp, selfie);
    }

    @Test
    void stagingImagesTogetherAgainReplacesEachKindGivenAndKeepsTheOthers() {
        SubmissionId id = SubmissionId.random();
        stageBoth(id, TestData.jpeg(4096), TestData.png(600_000));
        byte[] ktp = TestData.jpeg(5000);
        byte[] selfie = TestData.png(3000);

        stageBoth(id, ktp, selfie);
        assertStaged(id, ktp, selfie);

        byte[] lastSelfie = TestData.png(7000);
        staged.stageAll(id, Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(lastSelfie)));
        assertStaged(id, ktp, lastSelfie);
    }

    @Test
    void aSecondSourceThatFailsHalfWayStoresNothingOfTheCallAndKeepsTheImageStagedBefore() {
        SubmissionId id = SubmissionId.random();
        byte[] before = TestData.jpeg(4096);
        staged.stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(before)));
        // In this order: the KTP is read whole before the selfie fails.
        Map<DocumentKind, DocumentSource> images = new LinkedHashMap<>();
        images.put(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(600_000)));
        images.put(DocumentKind.SELFIE, failingAfter(300_000));

        assertThatThrownBy(() -> staged.stageAll(id, images)).isInstanceOf(UncheckedIOException.class);

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(before);
        assertThat(staged.find(id, DocumentKind.SELFIE)).isEmpty();
    }

    @Test
    void aSourceThatCannotBeReadStagesNothing() {
        SubmissionId id = SubmissionId.random();

        assertThatThrownBy(() -> staged.stageAll(id, Map.of(DocumentKind.KTP, () -> {
            throw new IOException("disk gone");
        }))).isInstanceOf(UncheckedIOException.class);
        assertThat(staged.find(id, DocumentKind.KTP)).isEmpty();
    }
}
