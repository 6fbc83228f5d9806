package dev.onekycbridge.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules every store of staged images keeps: in memory, SQLite and PostgreSQL run these same tests. */
public abstract class StagedDocumentsContract {
    /** A store holding no image, independent of any other test's. */
    protected abstract StagedDocuments newEmptyStagedDocuments();

    private StagedDocuments staged;

    @BeforeEach
    void openEmptyStore() {
        staged = newEmptyStagedDocuments();
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

        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(ktp));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(ktp);
    }

    @Test
    void aFoundImageCanBeReadMoreThanOnce() throws IOException {
        SubmissionId id = SubmissionId.random();
        byte[] ktp = TestData.jpeg(2048);
        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(ktp));

        DocumentSource source = staged.find(id, DocumentKind.KTP).orElseThrow();

        try (InputStream first = source.open(); InputStream second = source.open()) {
            assertThat(first.readAllBytes()).isEqualTo(ktp);
            assertThat(second.readAllBytes()).isEqualTo(ktp);
        }
    }

    @Test
    void stagingTheSameKindAgainReplacesTheImage() {
        SubmissionId id = SubmissionId.random();
        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)));
        byte[] replacement = TestData.png(3000);

        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(replacement));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(replacement);
    }

    @Test
    void eachKindAndEachSubmissionHasItsOwnImage() {
        SubmissionId first = SubmissionId.random();
        SubmissionId second = SubmissionId.random();
        byte[] ktp = TestData.jpeg(4096);
        byte[] selfie = TestData.png(5000);
        byte[] otherKtp = TestData.jpeg(6000);

        staged.stage(first, DocumentKind.KTP, DocumentSource.ofBytes(ktp));
        staged.stage(first, DocumentKind.SELFIE, DocumentSource.ofBytes(selfie));
        staged.stage(second, DocumentKind.KTP, DocumentSource.ofBytes(otherKtp));

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
        staged.stage(discarded, DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)));
        staged.stage(discarded, DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(4096)));
        staged.stage(kept, DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)));

        staged.discard(discarded);

        assertThat(staged.find(discarded, DocumentKind.KTP)).isEmpty();
        assertThat(staged.find(discarded, DocumentKind.SELFIE)).isEmpty();
        assertThat(staged.find(kept, DocumentKind.KTP)).isPresent();
    }

    @Test
    void discardingTwiceOrDiscardingNothingIsHarmless() {
        SubmissionId id = SubmissionId.random();
        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)));

        staged.discard(id);
        staged.discard(id);
        staged.discard(SubmissionId.random());

        assertThat(staged.find(id, DocumentKind.KTP)).isEmpty();
    }

    @Test
    void anImageCanBeStagedAgainAfterItWasDiscarded() {
        SubmissionId id = SubmissionId.random();
        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(4096)));
        staged.discard(id);
        byte[] again = TestData.jpeg(2048);

        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(again));

        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(again);
    }

    @Test
    void aLargeImageIsKeptWhole() {
        SubmissionId id = SubmissionId.random();
        byte[] large = TestData.jpeg(3 * 1024 * 1024 + 17);

        staged.stage(id, DocumentKind.SELFIE, DocumentSource.ofBytes(large));

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

            staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(image));

            assertThat(read(staged.find(id, DocumentKind.KTP))).as("an image of %d bytes", length).isEqualTo(image);
        }
    }

    @Test
    void aSourceThatFailsHalfWayKeepsTheImageStagedBefore() {
        SubmissionId id = SubmissionId.random();
        byte[] before = TestData.jpeg(4096);
        staged.stage(id, DocumentKind.KTP, DocumentSource.ofBytes(before));

        assertThatThrownBy(() -> staged.stage(id, DocumentKind.KTP, () -> new InputStream() {
            private int left = 300_000;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw new IOException("connection reset");
                }
                left--;
                return 7;
            }
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(read(staged.find(id, DocumentKind.KTP))).isEqualTo(before);
    }

    @Test
    void aSourceThatCannotBeReadStagesNothing() {
        SubmissionId id = SubmissionId.random();

        assertThatThrownBy(() -> staged.stage(id, DocumentKind.KTP, () -> {
            throw new IOException("disk gone");
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(staged.find(id, DocumentKind.KTP)).isEmpty();
    }
}
