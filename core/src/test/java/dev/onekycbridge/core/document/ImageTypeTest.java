package dev.onekycbridge.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypeTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] head(byte[] file) {
        return Arrays.copyOf(file, ImageType.SIGNATURE_LENGTH);
    }

    @Test
    void recognisesJpegFromItsStartOfImageMarker() {
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F'), 8)).contains(ImageType.JPEG);
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 'E', 'x'), 8)).contains(ImageType.JPEG);
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0xDB, 0, 0, 0, 0), 8)).contains(ImageType.JPEG);
    }

    @Test
    void threeBytesAreEnoughForJpeg() {
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0, 0, 0, 0, 0), 3)).contains(ImageType.JPEG);
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0xFF, 0, 0, 0, 0, 0), 2)).isEmpty();
    }

    @Test
    void recognisesPngFromItsEightByteSignature() {
        assertThat(ImageType.detect(head(TestData.png(64)), 8)).contains(ImageType.PNG);
    }

    @Test
    void aTruncatedPngSignatureIsNotEnough() {
        assertThat(ImageType.detect(Arrays.copyOf(PNG_SIGNATURE, 8), 7)).isEmpty();
    }

    @Test
    void aPngSignatureWithAnyByteWrongIsRejected() {
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            byte[] head = PNG_SIGNATURE.clone();
            head[i] ^= 0x20;

            assertThat(ImageType.detect(head, 8)).as("byte %d altered", i).isEmpty();
        }
    }

    @Test
    void aJpegMarkerNotAtTheStartIsRejected() {
        assertThat(ImageType.detect(bytes(0, 0xFF, 0xD8, 0xFF, 0, 0, 0, 0), 8)).isEmpty();
        assertThat(ImageType.detect(bytes(0xFF, 0xD8, 0x00, 0xFF, 0, 0, 0, 0), 8)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GIF89a\0\0", "GIF87a\0\0", "%PDF-1.7", "hello wo", "<svg xml", "RIFF\0\0\0\0", "BM\0\0\0\0\0\0",
            "II*\0\0\0\0\0"})
    void rejectsOtherFormatsAndText(String start) {
        byte[] head = start.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(ImageType.detect(head, head.length)).isEmpty();
    }

    @Test
    void rejectsNoBytesAtAll() {
        assertThat(ImageType.detect(new byte[8], 0)).isEmpty();
        assertThat(ImageType.detect(new byte[0], 0)).isEmpty();
    }

    @Test
    void knowsTheMediaTypes() {
        assertThat(ImageType.JPEG.mediaType()).isEqualTo("image/jpeg");
        assertThat(ImageType.PNG.mediaType()).isEqualTo("image/png");
    }

    @Test
    void findsATypeByItsMediaTypeIgnoringCase() {
        assertThat(ImageType.fromMediaType("image/jpeg")).contains(ImageType.JPEG);
        assertThat(ImageType.fromMediaType("IMAGE/PNG")).contains(ImageType.PNG);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"image/gif", "image/jpg", "application/pdf", "", "image/jpeg; charset=binary"})
    void findsNoTypeForOtherMediaTypes(String mediaType) {
        assertThat(ImageType.fromMediaType(mediaType)).isEmpty();
    }
}
