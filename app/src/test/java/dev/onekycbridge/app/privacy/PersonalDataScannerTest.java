package dev.onekycbridge.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The scans can fail: each form of each value is found, in a line, in bytes and through every logging route. */
class PersonalDataScannerTest {
    private static final String TOKEN = "eyJraWQiOiJzYW5kYm94In0.tok-42";
    private static final byte[] IMAGE = TestData.jpeg(4096);
    private static final Map<String, String> VALUES = Map.of(
            "the NIK", TestData.NIK, "the name", TestData.NAME, "the e-mail address", TestData.EMAIL,
            "the phone number", "+" + TestData.PHONE, "the date of birth", "19900515", "a token", TOKEN);
    private final PersonalDataScanner scanner = new PersonalDataScanner()
            .nik("the NIK", TestData.NIK)
            .words("the name", TestData.NAME)
            .date("the date of birth", TestData.DATE_OF_BIRTH)
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
        "the date of birth | dob=1990-05-15",
        "the date of birth | dob 15/05/1990",
        "the date of birth | dob=15%2F05%2F1990",
        "the date of birth | {\"dob\":\"15\\/05\\/1990\"}",
        "the date of birth | dob=19900515",
        "the date of birth | dob:19900515;",
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

    @ParameterizedTest(name = "{0}, {1} byte(s) before it")
    @CsvSource({
        "the NIK, 0", "the NIK, 1", "the NIK, 2",
        "the name, 0", "the name, 1", "the name, 2",
        "the e-mail address, 0", "the e-mail address, 1", "the e-mail address, 2",
        "the phone number, 0", "the phone number, 1", "the phone number, 2",
        "the date of birth, 0", "the date of birth, 1", "the date of birth, 2",
        "a token, 0", "a token, 1", "a token, 2"
    })
    void eachTextValueIsFoundInBase64AtEachAlignmentInEitherAlphabetAndInHex(String label, int before) {
        byte[] buffer = ("{\"a\":1,\"x\":\"".substring(0, 4 + before) + VALUES.get(label) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(buffer);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
        String hex = HexFormat.of().formatHex(buffer);

        for (String line : List.of("body=" + base64, "body=" + urlSafe, "hex " + hex, "HEX " + hex.toUpperCase())) {
            assertThat(scanner.scanText(line, "the line")).extracting(PersonalDataScanner.Finding::value)
                    .as(line).contains(label);
            assertThat(scanner.scanBytes(line.getBytes(StandardCharsets.UTF_8), "a page"))
                    .extracting(PersonalDataScanner.Finding::value).as(line).contains(label);
        }
    }

    @Test
    void theNameIsFoundInBase64InCapitalsAndInSmallLettersToo() {
        for (String name : List.of(TestData.NAME.toUpperCase(), TestData.NAME.toLowerCase())) {
            String line = "name=" + Base64.getEncoder().encodeToString(("n:" + name).getBytes(StandardCharsets.UTF_8));
            assertThat(scanner.scanText(line, "the line")).extracting(PersonalDataScanner.Finding::value)
                    .containsExactly("the name");
        }
    }

    @Test
    void aValueIsFoundEscapedTheWayJsonMayWriteIt() {
        PersonalDataScanner withAccent = new PersonalDataScanner()
                .nik("the NIK", TestData.NIK)
                .words("the name", TestData.NAME)
                .date("the date of birth", TestData.DATE_OF_BIRTH)
                .words("a name with a letter outside ASCII", "Dewi Léstari");
        Map<String, String> lines = Map.of(
                "{\"nik\":\"" + everyCharacterEscaped(TestData.NIK) + "\"}", "the NIK",
                "{\"name\":\"" + everyCharacterEscaped(TestData.NAME.toUpperCase()) + "\"}", "the name",
                "{\"dob\":\"15\\/05\\/1990\"}", "the date of birth",
                "{\"name\":\"Dewi L\\u00e9stari\"}", "a name with a letter outside ASCII",
                "{\"name\":\"DEWI L\\u00C9STARI\"}", "a name with a letter outside ASCII");

        lines.forEach((line, value) -> {
            assertThat(withAccent.scanText(line, "the line")).extracting(PersonalDataScanner.Finding::value)
                    .as(line).containsExactly(value);
            assertThat(withAccent.scanBytes(line.getBytes(StandardCharsets.UTF_8), "a page"))
                    .extracting(PersonalDataScanner.Finding::value).as(line).containsExactly(value);
        });
    }

    /** Every character as a JSON \\u escape, in capital hex digits. */
    private static String everyCharacterEscaped(String value) {
        StringBuilder escaped = new StringBuilder();
        value.chars().forEach(c -> escaped.append(String.format("\\u%04X", c)));
        return escaped.toString();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "the NIK, 3171015505900001",
        "the name, Siti Rahayu Lestari",
        "the name, SITI RAHAYU LESTARI",
        "the e-mail address, siti.lestari@example.co.id",
        "the phone number, +6281234567890",
        "the phone number, 081234567890",
        "the date of birth, 1990-05-15",
        "the date of birth, 19900515"
    })
    void aPersonalValueIsFoundAsItsSha256(String label, String form) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(digest);
        byte[] page = new byte[4096];
        System.arraycopy(digest, 0, page, 777, digest.length);

        assertThat(scanner.scanText("fingerprint=" + hex, "the line")).extracting(PersonalDataScanner.Finding::value)
                .containsExactly(label);
        assertThat(scanner.scanText("FINGERPRINT=" + hex.toUpperCase(), "the line"))
                .extracting(PersonalDataScanner.Finding::value).containsExactly(label);
        assertThat(scanner.scanText("fp=" + Base64.getEncoder().encodeToString(digest), "the line"))
                .extracting(PersonalDataScanner.Finding::value).containsExactly(label);
        assertThat(scanner.scanBytes(page, "a page")).extracting(PersonalDataScanner.Finding::value)
                .containsExactly(label);
    }

    @Test
    void aSecretIsNotLookedForAsAHashWhichMayNameItWithoutGivingItAway() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8));

        assertThat(scanner.scanText("token " + HexFormat.of().formatHex(digest), "the line")).isEmpty();
    }

    @Test
    void aBase64CoreIsEveryCharacterTheValueAloneDecidesAndNoneShorterThanTheMinimumIsLookedFor() {
        byte[] value = "3171015505900001".getBytes(StandardCharsets.US_ASCII);
        List<String> cores = PersonalDataScanner.base64Cores(value);

        assertThat(cores).hasSize(3).allSatisfy(core -> assertThat(core).hasSizeGreaterThanOrEqualTo(19));
        for (int before = 0; before < 6; before++) {
            byte[] buffer = new byte[before + value.length + 4];
            new java.util.Random(before).nextBytes(buffer);
            System.arraycopy(value, 0, buffer, before, value.length);
            String encoded = Base64.getEncoder().encodeToString(buffer);
            assertThat(cores).as("%d byte(s) before", before).anyMatch(encoded::contains);
        }
        PersonalDataScanner tiny = new PersonalDataScanner().exact("a short secret", "abcd");
        String base64 = Base64.getEncoder().encodeToString("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(tiny.scanText("x=" + base64, "the line"))
                .as("a 4-character value's base64 cores are too short to look for").isEmpty();
        assertThat(tiny.scanText("hex 61626364", "the line")).extracting(PersonalDataScanner.Finding::value)
                .containsExactly("a short secret");
    }

    @Test
    void aLongerNumberHoldingTheBirthDatesDigitsIsNotTheBirthDate() {
        assertThat(scanner.scanText("took 1719900515123 ns; sequence 419900515", "the line")).isEmpty();
    }

    @Test
    void linesWithoutPersonalDataPass() {
        List<String> clean = List.of(
                "DEBUG [onekyc-driver-1] dev.onekycbridge.adapter.onekyc.http - GET http://127.0.0.1:33419/v1/esign"
                        + "/partner/authentication -> 200 in 314 ms",
                "INFO submission 8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c is COMPLETED/VALID at 2026-11-22T10:00:00Z",
                "WARN callback 17 could not be applied: StaleSubmissionException",
                "DEBUG upload " + Base64.getEncoder().encodeToString(randomBytes(300)) + " sha256 "
                        + HexFormat.of().formatHex(new byte[32]) + " token " + Base64.getUrlEncoder()
                        .encodeToString("another value altogether".getBytes(StandardCharsets.UTF_8)));

        scanner.assertNoneIn(clean, "log");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new java.util.Random(length).nextBytes(bytes);
        return bytes;
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
