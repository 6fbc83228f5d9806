package dev.onekycbridge.adapter.onekyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.KnownReasonCode;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageDecoderTest {
    private final MessageDecoder decoder = OneKycClient.messageDecoder();

    @Nested
    class CertificateRegistrationMessages {
        @Test
        void aCompletedValidReportCarriesTheCertificateFieldsFoundDirectlyInTheDetails() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN, DecoderExamples.CERT_REG_COMPLETED_VALID);

            assertThat(report.platformSubmissionId()).isEqualTo("8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c");
            assertThat(report.userId()).isEqualTo("user-12345");
            assertThat(report.userIdType()).isEqualTo("CLIENT_X_USER_ID");
            assertThat(report.partnerSessionId()).isEqualTo("session-abc-001");
            assertThat(report.flow()).isNull();
            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
            assertThat(report.outcome().reasonCode()).isNull();
            assertThat(report.outcome().verificationResult())
                    .isEqualTo(new VerificationResult("PASS", "PASS", "PASS", "PASS"));
            assertThat(report.outcome().certificateRegistration()).isEqualTo(new CertificateRegistration(
                    "6dab7f08-0dcb-4852-8459-59cb7c25f4dc", false, true, "NEW_USER"));
            assertThat(report.outcome().ktpData()).isNull();
            assertThat(report.outcome().processedAt()).isEqualTo(Instant.parse("2026-05-08T10:30:00Z"));
        }

        @Test
        void aPartiallyCompletedReportHasNoRegistrationIdYet() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    DecoderExamples.CERT_REG_PARTIALLY_COMPLETED);

            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.PARTIALLY_COMPLETED);
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
            assertThat(report.outcome().certificateRegistration())
                    .isEqualTo(new CertificateRegistration(null, false, true, "NEW_USER"));
        }

        @Test
        void aCompletedInvalidReportKeepsItsReasonAndTheFailingField() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN, DecoderExamples.CERT_REG_COMPLETED_INVALID);

            assertThat(report.outcome().result()).isEqualTo(Result.INVALID);
            assertThat(report.outcome().reasonCode().known()).contains(KnownReasonCode.DUKCAPIL_REJECTED);
            assertThat(report.outcome().verificationResult().selfie()).isEqualTo("FAIL");
            assertThat(report.outcome().verdict()).isEqualTo("COMPLETED/INVALID/DUKCAPIL_REJECTED");
        }

        @Test
        void aPolledEnvelopeIsReadThroughToItsData() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"success\":true,\"data\":" + DecoderExamples.CERT_REG_COMPLETED_VALID + "}");

            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
        }
    }

    @Nested
    class IdentityVerificationMessages {
        @Test
        void aCompletedReportCarriesEveryKtpFieldAndTheNestedCertificate() {
            PlatformReport report = decoder.decode(CallbackChannel.SIV, DecoderExamples.SIV_COMPLETED);

            assertThat(report.flow()).isEqualTo("STANDALONE_IDENTITY_VERIFICATION");
            var ktp = report.outcome().ktpData();
            assertThat(ktp.nik()).isEqualTo("3208201808850001");
            assertThat(ktp.name()).isEqualTo("JOHN DOE");
            assertThat(ktp.region()).isEqualTo("SEMARANG");
            assertThat(ktp.dateOfBirth()).isEqualTo("18-02-1960");
            assertThat(ktp.bloodType()).isEqualTo("-");
            assertThat(ktp.religion()).isEqualTo("KRISTEN");
            assertThat(ktp.province()).isEqualTo("JAWA TIMUR");
            assertThat(ktp.city()).isEqualTo("KOTA SURABAYA");
            assertThat(ktp.address()).isEqualTo("SEMARANG SELATAN");
            assertThat(ktp.district()).isEqualTo("WAYANG");
            assertThat(ktp.town()).isEqualTo("BUBUTAN");
            assertThat(ktp.gender()).isEqualTo("male");
            assertThat(ktp.rt()).isEqualTo("008");
            assertThat(ktp.rw()).isEqualTo("020");
            assertThat(ktp.occupation()).isEqualTo("PELAJAR/MAHASISWA");
            assertThat(ktp.validUntil()).isEmpty();
            assertThat(ktp.citizenship()).isEqualTo("INDONESIA");
            assertThat(ktp.maritalStatus()).isEqualTo("BELUM KAWIN");
            assertThat(ktp.issuanceDate()).isEqualTo("28-12-2017");
            assertThat(report.outcome().certificateRegistration()).isEqualTo(new CertificateRegistration(
                    "0b0e2f7c-1111-4a4a-9c9c-123456789abc", true, true, "NEW_USER"));
        }

        @Test
        void aRejectedResultIsAcceptedWithItsReason() {
            PlatformReport report = decoder.decode(CallbackChannel.SIV, DecoderExamples.SIV_REJECTED);

            assertThat(report.outcome().result()).isEqualTo(Result.REJECTED);
            assertThat(report.outcome().result().isNegative()).isTrue();
            assertThat(report.outcome().reasonCode()).isEqualTo(ReasonCode.of("NOT_EKTP"));
            assertThat(report.outcome().certificateRegistration()).isNull();
            assertThat(report.outcome().rejectionTexts()).containsOnly(
                    Map.entry("en_ID", new RejectionText("Verification rejected", "ID submitted is not eKTP")),
                    Map.entry("id_ID", new RejectionText("Verifikasi ditolak", "KTP yang dikirim bukan eKTP")));
        }

        @Test
        void malformedRejectionTextsAreLeftOutAndLongOnesCutWithoutFailingTheMessage() {
            String body = """
                    {"submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e", "status": "COMPLETED",
                     "result": "REJECTED", "reasonCode": "NOT_EKTP", "submissionDetails": {
                       "rejectionReasonTranslations": {"en_ID": "not an object", "fr_FR": {},
                         "id_ID": {"title": "Ditolak\\nsekarang", "message": "%s"}, "ja_JP": {"title": 42}}}}
                    """.formatted("x".repeat(5000));
            PlatformReport report = decoder.decode(CallbackChannel.SIV, body);

            assertThat(report.outcome().rejectionTexts()).containsOnlyKeys("id_ID", "ja_JP");
            RejectionText indonesian = report.outcome().rejectionTexts().get("id_ID");
            assertThat(indonesian.title()).isEqualTo("Ditolak sekarang");
            assertThat(indonesian.message()).hasSize(1000);
            assertThat(report.outcome().rejectionTexts().get("ja_JP")).isEqualTo(new RejectionText("42", null));
        }

        @Test
        void aKtpNikSentAsANumberKeepsAllSixteenDigits() {
            PlatformReport report = decoder.decode(CallbackChannel.SIV,
                    DecoderExamples.SIV_COMPLETED.replace("\"nik\": \"3208201808850001\"", "\"nik\": 3208201808850001"));

            assertThat(report.outcome().ktpData().nik()).isEqualTo("3208201808850001");
        }
    }

    @Nested
    class KtpScanMessages {
        @Test
        void theMinimalCallbackIsEnoughAndAnEmptyReasonCodeIsAbsent() {
            PlatformReport report = decoder.decode(CallbackChannel.COE, DecoderExamples.COE_MINIMAL);

            assertThat(report.platformSubmissionId()).isEqualTo("8527781b-8fdd-48e3-adfe-4136aee5e985");
            assertThat(report.userId()).isNull();
            assertThat(report.partnerSessionId()).isNull();
            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
            assertThat(report.outcome().reasonCode()).isNull();
            assertThat(report.outcome().verificationResult()).isNull();
        }

        @Test
        void detailsWithTheCoeVerificationShapeKeepTheVerdictAndIgnoreTheRest() {
            PlatformReport report = decoder.decode(CallbackChannel.COE, DecoderExamples.COE_DETAILS_REJECTED);

            assertThat(report.flow()).isEqualTo("FACE_VERIFICATION");
            assertThat(report.outcome().verdict()).isEqualTo("COMPLETED/INVALID/REFERENCE_IMAGE_VALIDATION_FAILED");
            assertThat(report.outcome().verificationResult()).isNull();
            assertThat(report.outcome().certificateRegistration()).isNull();
        }

        @Test
        void anErrorWithANullResultKeepsItsReason() {
            PlatformReport report = decoder.decode(CallbackChannel.COE,
                    "{\"submissionId\":\"s-1\",\"status\":\"ERROR\",\"result\":null,\"reasonCode\":\"VERIFICATION_FAILED\"}");

            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.ERROR);
            assertThat(report.outcome().result()).isNull();
            assertThat(report.outcome().reasonCode()).isEqualTo(ReasonCode.of("VERIFICATION_FAILED"));
        }
    }

    @Nested
    class UnknownValues {
        @Test
        void anUnknownStatusResultAndReasonAreKeptRaw() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"ON_HOLD\",\"result\":\"MAYBE\",\"reasonCode\":\"NEW_REASON\"}");

            assertThat(report.outcome().status().raw()).isEqualTo("ON_HOLD");
            assertThat(report.outcome().status().isRecognised()).isFalse();
            assertThat(report.outcome().result().raw()).isEqualTo("MAYBE");
            assertThat(report.outcome().reasonCode().raw()).isEqualTo("NEW_REASON");
            assertThat(report.outcome().reasonCode().known()).isEmpty();
        }

        @Test
        void anUnknownReasonWithAnInvalidResultIsKeptRaw() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"INVALID\",\"reasonCode\":\"BRAND_NEW\"}");

            assertThat(report.outcome().reasonCode().raw()).isEqualTo("BRAND_NEW");
        }

        @Test
        void unknownFieldsAreIgnored() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"IN_PROGRESS\",\"newField\":{\"deep\":[1,2,3]},\"x\":null}");

            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.IN_PROGRESS);
        }

        @Test
        void anUnknownVerificationVerdictIsKeptRaw() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN, DecoderExamples.CERT_REG_COMPLETED_INVALID
                    .replace("\"selfie\": \"FAIL\"", "\"selfie\": \"INCONCLUSIVE\""));

            assertThat(report.outcome().verificationResult().selfie()).isEqualTo("INCONCLUSIVE");
        }
    }

    @Nested
    class LenientTypes {
        @ParameterizedTest(name = "reasonCode {0}")
        @ValueSource(strings = {"\"\"", "\"   \"", "null"})
        void anEmptyOrNullReasonCodeIsAbsent(String reasonCode) {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"INVALID\",\"reasonCode\":"
                            + reasonCode + "}");

            assertThat(report.outcome().reasonCode()).isNull();
        }

        @Test
        void anEmptyResultIsAbsent() {
            PlatformReport report = decoder.decode(CallbackChannel.COE,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"\"}");

            assertThat(report.outcome().result()).isNull();
        }

        @Test
        void numbersWhereTextIsExpectedAreReadAsTheirDigits() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":12345,\"userId\":987654321,\"userIdType\":\"ID\",\"status\":\"COMPLETED\","
                            + "\"result\":\"VALID\",\"partnerSessionId\":42}");

            assertThat(report.platformSubmissionId()).isEqualTo("12345");
            assertThat(report.userId()).isEqualTo("987654321");
            assertThat(report.partnerSessionId()).isEqualTo("42");
        }

        @ParameterizedTest(name = "eligibleToActivate {0}")
        @CsvSource(delimiter = '|', value = {
                "true | true", "\"true\" | true", "\"TRUE\" | true", "1 | true",
                "false | false", "\"false\" | false", "0 | false", "\"perhaps\" | ", "null | "})
        void booleansAreReadFromBooleansTextAndDigits(String json, Boolean expected) {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"VALID\",\"submissionDetails\":"
                            + "{\"registrationId\":\"r-1\",\"eligibleToActivate\":" + json + "}}");

            assertThat(report.outcome().certificateRegistration().eligibleToActivate()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "processedAt {0}")
        @CsvSource(delimiter = '|', value = {
                "\"2026-05-08T10:30:00Z\"", "\"2026-05-08T17:30:00+07:00\"", "\"2026-05-08T10:30:00\"",
                "\"2026-05-08T10:30:00.000Z\"", "1778236200", "\"1778236200\"", "1778236200000",
                "1778236200000000", "1778236200000000000"})
        void processedAtIsReadFromIsoTextOrEpochTime(String json) {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"IN_PROGRESS\",\"processedAt\":" + json + "}");

            assertThat(report.outcome().processedAt()).isEqualTo(Instant.parse("2026-05-08T10:30:00Z"));
        }

        @Test
        void anUnreadableProcessedAtIsAbsentRatherThanFatal() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"VALID\",\"processedAt\":\"yesterday\"}");

            assertThat(report.outcome().processedAt()).isNull();
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
        }

        /**
         * A time no store could keep (the year 30000) or that no report of the platform's can carry (a zero, the
         * last century) is no time at all: kept, it would stop the report from ever being saved.
         */
        @ParameterizedTest(name = "processedAt {0}")
        @ValueSource(strings = {"0", "\"0\"", "946684799", "\"1999-12-31T23:59:59Z\"", "\"2200-01-01T00:00:00Z\"",
                "\"+30000-01-01T00:00:00Z\"", "7258118400", "-1778236200000", "9223372036854775807"})
        void aProcessedAtOutsideThisCenturyAndTheNextIsAbsent(String json) {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN,
                    "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"VALID\",\"processedAt\":" + json + "}");

            assertThat(report.outcome().processedAt()).isNull();
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
        }

        /** PostgreSQL refuses a NUL in any text: a code carrying one could never be saved. */
        @Test
        void aNulInTheTextOfACodeOrAnIdIsReplaced() {
            PlatformReport report = decoder.decode(CallbackChannel.ESIGN, "{\"submissionId\":\"s-\\u00001\","
                    + "\"status\":\"COMPLETED\",\"result\":\"INVALID\",\"reasonCode\":\"NEW\\u0000CODE\"}");

            assertThat(report.platformSubmissionId()).isEqualTo("s-\uFFFD1");
            assertThat(report.outcome().reasonCode().raw()).isEqualTo("NEW\uFFFDCODE");
        }

        /**
         * A callback body may be a megabyte: a timestamp of hundreds of thousands of digits cost the decoder
         * seconds (on receipt and again when applied) before it was found to be no timestamp at all.
         */
        @ParameterizedTest(name = "as {0}")
        @ValueSource(strings = {"a number", "text"})
        void aProcessedAtOfAMillionDigitsIsAbsentAndReadQuickly(String form) {
            String digits = "1".repeat(1_000_000);
            String body = "{\"submissionId\":\"s-1\",\"status\":\"COMPLETED\",\"result\":\"VALID\",\"processedAt\":"
                    + (form.equals("text") ? "\"" + digits + "\"" : digits) + "}";

            // A guard against the conversion's 30 s and more, not a measure of speed: a megabyte read on a busy
            // machine, before the JIT has warmed up, may take a few seconds.
            PlatformReport report = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> decoder.decode(CallbackChannel.ESIGN, body));

            assertThat(report.outcome().processedAt()).isNull();
            assertThat(report.outcome().result()).isEqualTo(Result.VALID);
        }

        @Test
        void aSessionIdOrUserIdAloneIsEnoughToNameTheSubmission() {
            assertThat(decoder.decode(CallbackChannel.SIV, "{\"partnerSessionId\":\"p-1\",\"status\":\"ERROR\"}")
                    .partnerSessionId()).isEqualTo("p-1");
            assertThat(decoder.decode(CallbackChannel.SIV, "{\"userId\":\"u-1\",\"status\":\"ERROR\"}").userId())
                    .isEqualTo("u-1");
        }

        @Test
        void aByteOrderMarkIsTolerated() {
            PlatformReport report = decoder.decode(CallbackChannel.COE, "\uFEFF" + DecoderExamples.COE_MINIMAL);

            assertThat(report.outcome().status()).isEqualTo(PlatformStatus.COMPLETED);
        }
    }

    @Nested
    class MalformedMessages {
        private static final String SECRET = "3171010507900003";

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "not JSON                  | nik=3171010507900003                                                 | is not valid JSON",
                "truncated                 | {\"submissionId\":\"3171010507900003\",\"status\":                    | is not valid JSON",
                "an array                  | [\"3171010507900003\"]                                                | is not a JSON object",
                "a string                  | \"3171010507900003\"                                                  | is not a JSON object",
                "no status                 | {\"submissionId\":\"3171010507900003\"}                               | has no status",
                "a null status             | {\"submissionId\":\"3171010507900003\",\"status\":null}               | has no status",
                "a blank status            | {\"submissionId\":\"3171010507900003\",\"status\":\" \"}              | has no status",
                "a status object           | {\"submissionId\":\"s\",\"status\":{\"v\":\"3171010507900003\"}}      | has a status that is not text",
                "no submission             | {\"status\":\"COMPLETED\",\"name\":\"3171010507900003\"}               | does not name its submission",
                "content after the value   | {\"submissionId\":\"s\",\"status\":\"COMPLETED\"} 3171010507900003     | has content after the JSON value",
                "a repeated key            | {\"status\":\"COMPLETED\",\"status\":\"3171010507900003\",\"userId\":\"u\"} | repeats a key",
                "a comment                 | {\"submissionId\":\"3171010507900003\",/* x */\"status\":\"COMPLETED\"}    | is not valid JSON",
                "a repeat after a comment  | {\"status\":\"COMPLETED\" /* x */,\"status\":\"3171010507900003\"}       | is not valid JSON"})
        void aMalformedMessageIsRefusedWithAMessageThatSaysWhatIsWrongWithoutItsContent(String what, String body,
                                                                                        String expected) {
            assertThatThrownBy(() -> decoder.decode(CallbackChannel.ESIGN, body))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("ESIGN message")
                    .hasMessageContaining(expected.strip())
                    .hasMessageNotContaining(SECRET)
                    .hasNoCause();
        }

        @ParameterizedTest(name = "body \"{0}\"")
        @ValueSource(strings = {"", "   "})
        void anEmptyBodyIsRefused(String body) {
            assertThatThrownBy(() -> decoder.decode(CallbackChannel.COE, body))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessage("the COE message is empty");
        }

        @Test
        void aNullBodyIsRefused() {
            assertThatThrownBy(() -> decoder.decode(CallbackChannel.SIV, null))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessage("the SIV message is empty");
        }

        @Test
        void nestingBeyondAnyReasonIsRefusedWithoutOverflowingTheStack() {
            String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

            assertThatThrownBy(() -> decoder.decode(CallbackChannel.ESIGN, deep))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("is not valid JSON");
        }
    }

    @Test
    void theClientDecodesLikeTheStandaloneDecoder() throws Exception {
        try (TestPlatform platform = new TestPlatform(); OneKycClient client = platform.client()) {
            assertThat(client.decode(CallbackChannel.SIV, DecoderExamples.SIV_COMPLETED))
                    .isEqualTo(decoder.decode(CallbackChannel.SIV, DecoderExamples.SIV_COMPLETED));
        }
    }
}
