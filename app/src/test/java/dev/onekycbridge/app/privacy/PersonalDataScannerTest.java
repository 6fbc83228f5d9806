package dev.onekycbridge.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The scans can fail: each form of each value is found, in a line, in bytes and through every logging route. */
class PersonalDataScannerTest {
    private static final String TOKEN = "eyJraWQiOiJzYW5kYm94In0.tok-42";
    private static final byte[] IMAGE = TestData.jpeg(4096);
    private final PersonalDataScanner scanner = new PersonalDataScanner()
            .nik("the NIK", TestData.NIK)
            .words("the name", TestData.NAME)
            .words("the date of birth", TestData.DATE_OF_BIRTH)
            .words("the e-mail address", TestData.EMAIL)
            .phone("the phone number", TestData.PHONE)
            .exact("a token", TOKEN)
            .image("the KTP image", IMAGE, 1000, 2000);

    @ParameterizedTest(name = "{0} in: {1}")
    @CsvSource(delimiter = '|', value = {
        "the NIK | applicant nik=3171015505900001 refused",
        "the NIK | NIK 3171-0155-0590-0001",
        "the NIK | NIK 3171 0155 0590 0001",
        "the name | name=SITI RAHAYU LESTARI",
        "the name | siti  rahayu lestari",
        "the name | name=Siti+Rahayu+Lestari",
        "the date of birth | born 15-05-1990",
        "the e-mail address | contact SITI.LESTARI@EXAMPLE.CO.ID",
        "the e-mail address | ?email=siti.lestari%40example.co.id",
        "the phone number | phone 6281234567890",
        "the phone number | phone +6281234567890",
        "the phone number | phone 081234567890",
        "the phone number | phone +62 812-3456-7890",
        "a token | x-onekyc-token: eyJraWQiOiJzYW5kYm94In0.tok-42"
    })
    void eachFormOfEachValueIsFoundInALine(String value, String line) {
        assertThat(scanner.scanText(line, "the line")).extracting(PersonalDataScanner.Finding::value)
                .contains(value);
    }

    @ParameterizedTest(name = "shift {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void anImageIsFoundInBase64AtAnyAlignmentAndInHex(int shift) {
        String base64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(IMAGE, 990 + shift, 1100));
        String hex = HexFormat.of().formatHex(Arrays.copyOfRange(IMAGE, 1990, 2100));

        assertThat(scanner.scanText("body=" + base64, "the line")).extracting(PersonalDataScanner.Finding::value)
                .containsExactly("the KTP image");
        assertThat(scanner.scanText("bytes " + hex.toUpperCase(), "the line"))
                .extracting(PersonalDataScanner.Finding::value).containsExactly("the KTP image");
    }

    @Test
    void linesWithoutPersonalDataPass() {
        List<String> clean = List.of(
                "DEBUG [onekyc-driver-1] dev.onekycbridge.adapter.onekyc.http - GET http://127.0.0.1:33419/v1/esign"
                        + "/partner/authentication -> 200 in 314 ms",
                "INFO submission 8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c is COMPLETED/VALID at 2026-11-22T10:00:00Z",
                "WARN callback 17 could not be applied: StaleSubmissionException");

        scanner.assertNoneIn(clean, "log");
    }

    @Test
    void aLeakingLineFailsTheScanAndTheFailureSaysWhatAndWhere() {
        List<String> lines = List.of("INFO fine", "WARN refused applicant 3171015505900001 (+62 812 3456 7890)");

        assertThatThrownBy(() -> scanner.assertNoneIn(lines, "log"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the NIK in log line 2")
                .hasMessageContaining("the phone number in log line 2");
    }

    @Test
    void theByteScanFindsTheNikAsTextAndAsA64BitNumberInEitherByteOrder() {
        long nik = Long.parseLong(TestData.NIK);
        byte[] little = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nik).array();
        byte[] big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(nik).array();

        for (byte[] form : List.of(little, big, TestData.NIK.getBytes(StandardCharsets.UTF_16LE),
                TestData.NIK.getBytes(StandardCharsets.US_ASCII))) {
            byte[] page = new byte[4096];
            System.arraycopy(form, 0, page, 1234, form.length);
            assertThat(scanner.scanBytes(page, "a page")).extracting(PersonalDataScanner.Finding::value)
                    .containsExactly("the NIK");
        }
        assertThat(scanner.scanBytes(new byte[4096], "an empty page")).isEmpty();
    }

    @Test
    void theByteScanFindsRawImageBytesAndUtf16Text() {
        byte[] page = new byte[8192];
        System.arraycopy(IMAGE, 900, page, 10, 400);
        byte[] name = TestData.NAME.toUpperCase().getBytes(StandardCharsets.UTF_16BE);
        System.arraycopy(name, 0, page, 5000, name.length);

        assertThat(scanner.scanBytes(page, "a page")).extracting(PersonalDataScanner.Finding::value)
                .containsExactlyInAnyOrder("the KTP image", "the name");
    }

    @Test
    void theCaptureSeesSlf4jSystemLoggerJulStackTracesAndPrintedLinesAtDebug() {
        List<String> lines;
        try (LogCapture capture = LogCapture.start()) {
            LoggerFactory.getLogger("dev.onekycbridge.privacy.probe").debug("applicant {}", TestData.NIK);
            System.getLogger("dev.onekycbridge.privacy.probe").log(System.Logger.Level.DEBUG,
                    "contact " + TestData.PHONE);
            java.util.logging.Logger.getLogger("dev.onekycbridge.privacy.jul").fine("mail " + TestData.EMAIL);
            LoggerFactory.getLogger("io.netty.privacy.probe").debug("token " + TOKEN);
            LoggerFactory.getLogger("dev.onekycbridge.privacy.probe").warn("failed",
                    new IllegalStateException("wrapped", new IllegalArgumentException("name " + TestData.NAME)));
            System.out.println("born " + TestData.DATE_OF_BIRTH);
            lines = capture.lines();
        }

        assertThat(lines.stream().flatMap(line -> scanner.scanText(line, "log").stream())
                .map(PersonalDataScanner.Finding::value).distinct())
                .containsExactlyInAnyOrder("the NIK", "the phone number", "the e-mail address", "a token", "the name",
                        "the date of birth");
        assertThatThrownBy(() -> scanner.assertNoneIn(lines, "log")).isInstanceOf(AssertionError.class);
    }
}
