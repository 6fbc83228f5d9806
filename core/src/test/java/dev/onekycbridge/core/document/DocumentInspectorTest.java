package dev.onekycbridge.core.document;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.validation.InvalidValueException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DocumentInspectorTest {
    private static final int MIN = 100;
    private static final int MAX = 1000;
    private final DocumentInspector inspector = new DocumentInspector(new DocumentLimits(MIN, MAX));

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] gif(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 0x47);
        System.arraycopy("GIF89a".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 6);
        return bytes;
    }

    private InvalidValueException assertInspectionRejected(DocumentKind kind, byte[] bytes, String reason) {
        var rejection = assertRejected(null, kind.name().toLowerCase(java.util.Locale.ROOT),
                () -> inspector.inspect(kind, DocumentSource.ofBytes(bytes)));
        assertThat(rejection.reason()).isEqualTo(reason);
        return rejection;
    }

    @Nested
    class Type {
        @Test
        void recognisesAJpeg() {
            var facts = inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(500)));

            assertThat(facts.type()).isEqualTo(ImageType.JPEG);
            assertThat(facts.kind()).isEqualTo(DocumentKind.KTP);
        }

        @Test
        void recognisesAPng() {
            var facts = inspector.inspect(DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(500)));

            assertThat(facts.type()).isEqualTo(ImageType.PNG);
            assertThat(facts.kind()).isEqualTo(DocumentKind.SELFIE);
        }

        @Test
        void rejectsAGif() {
            assertInspectionRejected(DocumentKind.KTP, gif(500), "must be a JPEG or PNG image");
        }

        @Test
        void rejectsAPdf() {
            byte[] pdf = Arrays.copyOf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 500);

            assertInspectionRejected(DocumentKind.KTP, pdf, "must be a JPEG or PNG image");
        }

        @Test
        void rejectsText() {
            byte[] text = "Nama: Siti Rahayu Lestari\n".repeat(20).getBytes(StandardCharsets.UTF_8);

            var rejection = assertInspectionRejected(DocumentKind.SELFIE, text, "must be a JPEG or PNG image");
            assertThat(rejection.getMessage()).doesNotContain("Siti");
        }

        @ParameterizedTest
        @EnumSource(DocumentKind.class)
        void rejectsAnEmptyFileNamingTheDocument(DocumentKind kind) {
            assertInspectionRejected(kind, new byte[0], "is empty");
        }

        @Test
        void aFileNameEndingInJpgDoesNotMakeAGifAJpeg(@TempDir Path directory) throws IOException {
            Path file = Files.write(directory.resolve("ktp.jpg"), gif(500));

            assertRejected(file.toString(), "ktp", () -> inspector.inspect(DocumentKind.KTP, DocumentSource.ofFile(file)));
        }

        @Test
        void aPngIsAPngWhateverItsFileIsCalled(@TempDir Path directory) throws IOException {
            Path file = Files.write(directory.resolve("selfie.jpg.txt"), TestData.png(500));

            assertThat(inspector.inspect(DocumentKind.SELFIE, DocumentSource.ofFile(file)).type())
                    .isEqualTo(ImageType.PNG);
        }

        @Test
        void recognisesTheTypeWhenTheStreamDeliversOneByteAtATime() {
            byte[] png = TestData.png(500);

            var facts = inspector.inspect(DocumentKind.SELFIE, () -> new OneByteAtATime(png));

            assertThat(facts.type()).isEqualTo(ImageType.PNG);
            assertThat(facts.sizeBytes()).isEqualTo(500);
        }
    }

    @Nested
    class Size {
        @Test
        void acceptsExactlyTheMinimum() {
            assertThat(inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(MIN))).sizeBytes())
                    .isEqualTo(MIN);
        }

        @Test
        void rejectsOneByteBelowTheMinimum() {
            assertInspectionRejected(DocumentKind.KTP, TestData.jpeg(MIN - 1), "must be at least 100 bytes");
        }

        @Test
        void acceptsExactlyTheMaximum() {
            assertThat(inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.png(MAX))).sizeBytes())
                    .isEqualTo(MAX);
        }

        @Test
        void rejectsOneByteAboveTheMaximum() {
            assertInspectionRejected(DocumentKind.SELFIE, TestData.png(MAX + 1), "must be at most 1000 bytes");
        }

        @Test
        void theDefaultLimitsAcceptOneKibibyteToTenMebibytes() {
            var defaults = new DocumentInspector(DocumentLimits.DEFAULT);
            int min = 1024;
            int max = 10 * 1024 * 1024;

            assertThat(defaults.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(min))).sizeBytes())
                    .isEqualTo(min);
            assertThat(defaults.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(max))).sizeBytes())
                    .isEqualTo(max);
            assertRejected(null, "ktp",
                    () -> defaults.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(min - 1))));
            assertRejected(null, "ktp",
                    () -> defaults.inspect(DocumentKind.KTP, DocumentSource.ofBytes(TestData.jpeg(max + 1))));
        }

        @Test
        void aTooLargeFileIsRejectedWithoutReadingItAll() {
            var large = new DocumentInspector(new DocumentLimits(1, 1024 * 1024));
            var endless = new EndlessJpeg();

            assertThatThrownBy(() -> large.inspect(DocumentKind.KTP, () -> endless))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("ktp: must be at most 1048576 bytes");
            assertThat(endless.delivered.get()).isLessThanOrEqualTo(1024 * 1024 + 64 * 1024);
            assertThat(endless.closed).isTrue();
        }

        @Test
        void aSmallNonImageIsReportedAsTheWrongTypeRatherThanTooSmall() {
            assertInspectionRejected(DocumentKind.KTP, gif(MIN - 1), "must be a JPEG or PNG image");
        }
    }

    @Nested
    class Hash {
        @Test
        void isTheSha256OfTheWholeFileInLowerCaseHex() throws NoSuchAlgorithmException {
            byte[] jpeg = TestData.jpeg(777);

            var facts = inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(jpeg));

            assertThat(facts.sha256()).isEqualTo(sha256(jpeg)).hasSize(64).matches("[0-9a-f]{64}");
        }

        @Test
        void coversFilesLongerThanOneReadBuffer() throws NoSuchAlgorithmException {
            byte[] jpeg = TestData.jpeg(200_000);

            var facts = new DocumentInspector(DocumentLimits.DEFAULT).inspect(DocumentKind.KTP,
                    DocumentSource.ofBytes(jpeg));

            assertThat(facts.sha256()).isEqualTo(sha256(jpeg));
            assertThat(facts.sizeBytes()).isEqualTo(200_000);
        }

        @Test
        void isTheSameWhateverTheStreamsChunking() throws NoSuchAlgorithmException {
            byte[] png = TestData.png(MAX);

            var facts = inspector.inspect(DocumentKind.SELFIE, () -> new OneByteAtATime(png));

            assertThat(facts.sha256()).isEqualTo(sha256(png));
        }

        @Test
        void differsWhenOneByteDiffers() {
            byte[] first = TestData.jpeg(500);
            byte[] second = first.clone();
            second[250] ^= 1;

            assertThat(inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(first)).sha256())
                    .isNotEqualTo(inspector.inspect(DocumentKind.KTP, DocumentSource.ofBytes(second)).sha256());
        }
    }

    @Nested
    class Streaming {
        @Test
        void opensTheSourceExactlyOnceAndClosesIt() {
            var opened = new AtomicInteger();
            var closed = new AtomicBoolean();
            byte[] jpeg = TestData.jpeg(500);
            DocumentSource counting = () -> {
                opened.incrementAndGet();
                return new ByteArrayInputStream(jpeg) {
                    @Override
                    public void close() throws IOException {
                        closed.set(true);
                        super.close();
                    }
                };
            };

            inspector.inspect(DocumentKind.KTP, counting);

            assertThat(opened).hasValue(1);
            assertThat(closed).isTrue();
        }

        @Test
        void opensARejectedSourceOnceAndClosesIt() {
            var opened = new AtomicInteger();
            var closed = new AtomicBoolean();
            byte[] tooLarge = TestData.jpeg(MAX + 1);
            DocumentSource counting = () -> {
                opened.incrementAndGet();
                return new ByteArrayInputStream(tooLarge) {
                    @Override
                    public void close() throws IOException {
                        closed.set(true);
                        super.close();
                    }
                };
            };

            assertThatThrownBy(() -> inspector.inspect(DocumentKind.KTP, counting))
                    .isInstanceOf(InvalidValueException.class);
            assertThat(opened).hasValue(1);
            assertThat(closed).isTrue();
        }

        @Test
        void aReadFailureIsAnIoProblemNotAnInvalidValue() {
            DocumentSource failing = () -> new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk gone");
                }
            };

            assertThatThrownBy(() -> inspector.inspect(DocumentKind.SELFIE, failing))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("selfie")
                    .hasCauseInstanceOf(IOException.class);
        }

        @Test
        void aSourceThatCannotBeOpenedIsAnIoProblem() {
            DocumentSource unopenable = () -> {
                throw new IOException("no such staged file");
            };

            assertThatThrownBy(() -> inspector.inspect(DocumentKind.KTP, unopenable))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    /** Delivers its bytes one per read, as a slow network stream might. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int position;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int next = read();
            if (next == -1) {
                return -1;
            }
            buffer[offset] = (byte) next;
            return 1;
        }
    }

    /** A JPEG that never ends, counting what it delivered. */
    private static final class EndlessJpeg extends InputStream {
        final AtomicLong delivered = new AtomicLong();
        volatile boolean closed;

        @Override
        public int read() {
            long index = delivered.getAndIncrement();
            return index == 0 ? 0xFF : index == 1 ? 0xD8 : index == 2 ? 0xFF : 0x42;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = (byte) read();
            }
            return length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
