package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.identity.ApplicantDetails;
import dev.onekycbridge.core.identity.Consent;
import dev.onekycbridge.core.identity.ConsentContext;
import dev.onekycbridge.core.identity.ConsentRecord;
import dev.onekycbridge.core.identity.ConsentText;
import dev.onekycbridge.core.identity.ContactDetails;
import dev.onekycbridge.core.identity.ContactVerification;
import dev.onekycbridge.core.identity.DataVerification;
import dev.onekycbridge.core.identity.DateOfBirth;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.identity.Email;
import dev.onekycbridge.core.identity.IpAddress;
import dev.onekycbridge.core.identity.Nik;
import dev.onekycbridge.core.identity.PersonName;
import dev.onekycbridge.core.identity.PhoneNumber;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.LaunchSource;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.submission.VerificationResult;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.validation.FreeFormJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
    private static SnapshotCodec.Personal roundTrip(SnapshotCodec.Personal personal) {
        return SnapshotCodec.readPersonal(SnapshotCodec.writePersonal(personal));
    }

    private static SubmissionInput roundTrip(SubmissionInput input) {
        return roundTrip(new SnapshotCodec.Personal(input, null, null, null)).input();
    }

    /** Through the bytes the cipher seals. */
    private static SubmissionInput roundTripAsUtf8(SubmissionInput input) {
        String written = SnapshotCodec.writePersonal(new SnapshotCodec.Personal(input, null, null, null));
        String read = new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return SnapshotCodec.readPersonal(read).input();
    }

    private static ConsentRecord fullConsentRecord() {
        return new ConsentRecord("Digi Sertifikat", "privacyPolicy", true,
                Map.of(UserLocale.EN_ID, ConsentText.of("https://partner.example/privacy/en?v=2", "I agree \"fully\""),
                        UserLocale.ID_ID, ConsentText.of("https://partner.example/privacy/id", "Saya setuju")),
                Instant.parse("2026-11-01T08:00:00.123456789Z"),
                new ConsentContext("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", new IpAddress("2001:db8::7"),
                        new DeviceDetails("iOS 17", "Apple", "iPhone 15", "device-uuid-1", "Telkomsel",
                                "com.partner.app", "4.2.0")));
    }

    @Nested
    class Inputs {
        @Test
        void aCertificateRegistrationKeepsApplicantConsentLocaleAndAdditionalData() {
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.ID_ID, new Consent(List.of(TestData.consent().records().get(0), fullConsentRecord())),
                    Map.of("channel", "app", "campaign", Map.of("id", 7, "tags", List.of("a", "b"))));

            assertThat(roundTrip(input)).isEqualTo(input);
        }

        @Test
        void everyApplicantFieldIsKept() {
            ApplicantDetails applicant = new ApplicantDetails(new PersonName("Budi O'Neil-Santoso"),
                    new Nik("3273011203850002"), new DateOfBirth(LocalDate.of(1985, 3, 12)),
                    new ContactDetails(null, new PhoneNumber("628111222333"),
                            new DataVerification(null, new ContactVerification(true, "otp-99"))));
            CertificateRegistrationInput input = new CertificateRegistrationInput(applicant, UserLocale.EN_ID,
                    TestData.consent(), Map.of());

            CertificateRegistrationInput read = (CertificateRegistrationInput) roundTrip(input);

            assertThat(read.applicant()).isEqualTo(applicant);
            assertThat(read.applicant().contact().email()).isNull();
            assertThat(read.additionalData()).isEmpty();
        }

        @Test
        void aConsentRecordKeepsEveryFieldIncludingNanosecondsAndDevice() {
            ConsentRecord record = fullConsentRecord();
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, new Consent(List.of(record)), Map.of());

            ConsentRecord read = ((CertificateRegistrationInput) roundTrip(input)).consent().records().get(0);

            assertThat(read).isEqualTo(record);
            assertThat(read.timestamp().getNano()).isEqualTo(123_456_789);
            assertThat(read.context().deviceDetails().networkProvider()).isEqualTo("Telkomsel");
        }

        @Test
        void aSparseDeviceKeepsItsNulls() {
            DeviceDetails sparse = new DeviceDetails(null, "Samsung", null, null, null, null, "1.0");
            ConsentRecord record = new ConsentRecord("Digi", "terms", true,
                    Map.of(UserLocale.EN_ID, ConsentText.of("https://p.example/t", "t")), Instant.EPOCH,
                    new ConsentContext("agent", new IpAddress("198.51.100.1"), sparse));
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, new Consent(List.of(record)), Map.of());

            assertThat(roundTrip(input)).isEqualTo(input);
        }

        @Test
        void additionalDataComesBackWithTheSameJavaTypes() {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("int", 7);
            nested.put("list", Arrays.asList(1L, null, "x", 2.5f, List.of(Map.of("deep", true))));
            Map<String, Object> additional = new LinkedHashMap<>();
            additional.put("string", "value");
            additional.put("integer", 42);
            additional.put("long", 9_007_199_254_740_993L);
            additional.put("double", 0.1 + 0.2);
            additional.put("float", 1.25f);
            additional.put("short", (short) 3);
            additional.put("byte", (byte) -4);
            additional.put("decimal", new BigDecimal("12.3400"));
            additional.put("bigInteger", new BigInteger("123456789012345678901234567890"));
            additional.put("nan", Double.NaN);
            additional.put("yes", true);
            additional.put("nested", nested);
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, TestData.consent(), additional);

            Map<String, Object> read = ((CertificateRegistrationInput) roundTrip(input)).additionalData();

            assertThat(read).isEqualTo(input.additionalData());
            assertThat(read.get("integer")).isInstanceOf(Integer.class);
            assertThat(read.get("long")).isInstanceOf(Long.class);
            assertThat(read.get("float")).isInstanceOf(Float.class);
            assertThat(read.get("decimal")).isEqualTo(new BigDecimal("12.3400"));
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) ((Map<String, Object>) read.get("nested")).get("list");
            assertThat(list).containsExactly(1L, null, "x", 2.5f, List.of(Map.of("deep", true)));
        }

        /** What intake takes is read back: each level of free-form data is two in a snapshot. */
        @Test
        void additionalDataAsDeepAsIntakeTakesComesBack() {
            Map<String, Object> data = Map.of("leaf", 1);
            for (int level = 1; level < FreeFormJson.MAX_DEPTH; level++) {
                data = Map.of("next", data);
            }
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, TestData.consent(), data);

            assertThat(roundTripAsUtf8(input)).isEqualTo(input);
        }

        /** Written as they are, half pairs would be encoded as '?', and two such keys would read as one. */
        @Test
        void halvesOfSurrogatePairsComeBackThroughUtf8() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("\ud800", "high \ud800 alone");
            data.put("\udc00", "low \udc00 alone, then a pair \ud83d\ude00, then reversed \ude00\ud83d");
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, TestData.consent(), data);

            assertThat(roundTripAsUtf8(input)).isEqualTo(input);
        }

        @Test
        void additionalDataOfAnotherKindIsRefused() {
            List<Object> strange = new ArrayList<>();
            strange.add(new AtomicLong(1));
            CertificateRegistrationInput input = new CertificateRegistrationInput(TestData.applicant(),
                    UserLocale.EN_ID, TestData.consent(), Map.of("strange", strange));

            assertThatThrownBy(() -> SnapshotCodec.writePersonal(new SnapshotCodec.Personal(input, null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AtomicLong");
        }

        @Test
        void anIdentityVerificationForTheWebSdkKeepsItsRedirections() {
            IdentityVerificationInput input = TestData.identityVerificationInput();

            assertThat(roundTrip(input)).isEqualTo(input);
        }

        @Test
        void anIdentityVerificationForTheNativeSdkNeedsNoRedirection() {
            IdentityVerificationInput input = new IdentityVerificationInput(
                    new ContactDetails(new Email(TestData.EMAIL), null,
                            new DataVerification(new ContactVerification(true, "mail-1"), null)),
                    LaunchSource.SDK, null, null, UserLocale.EN_ID);

            IdentityVerificationInput read = (IdentityVerificationInput) roundTrip(input);

            assertThat(read).isEqualTo(input);
            assertThat(read.successRedirectionUrl()).isNull();
        }

        @Test
        void aKtpScanHasNothingButItsFlow() {
            assertThat(roundTrip(new KtpScanInput())).isEqualTo(new KtpScanInput());
        }
    }

    @Nested
    class OutcomeAndLaunch {
        @Test
        void everyKtpFieldIsKept() {
            KtpData ktp = SubmissionFixtures.ktpData();

            assertThat(roundTrip(new SnapshotCodec.Personal(null, ktp, null, null)).ktpData()).isEqualTo(ktp);
        }

        @Test
        void aSparseKtpKeepsItsNulls() {
            KtpData sparse = new KtpData("3171015505900001", null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, "01-01-2020");

            assertThat(roundTrip(new SnapshotCodec.Personal(null, sparse, null, null)).ktpData()).isEqualTo(sparse);
        }

        @Test
        void aLaunchWithATokenAndAUrlAndAnExpiryIsKept() {
            VerificationLaunch launch = new VerificationLaunch("token-1", URI.create("https://l.example/x?y=z"),
                    Instant.parse("2026-11-02T10:00:00.5Z"));

            assertThat(roundTrip(new SnapshotCodec.Personal(null, null, launch, null)).launch()).isEqualTo(launch);
        }

        @Test
        void aLaunchWithOnlyATokenIsKept() {
            VerificationLaunch launch = new VerificationLaunch("token-only", null, null);

            assertThat(roundTrip(new SnapshotCodec.Personal(null, null, launch, null)).launch()).isEqualTo(launch);
        }

        @Test
        void allFourPersonalPartsTravelTogether() {
            SnapshotCodec.Personal personal = new SnapshotCodec.Personal(TestData.certificateRegistrationInput(),
                    SubmissionFixtures.ktpData(), new VerificationLaunch(null, URI.create("https://l.example"), null),
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

            assertThat(roundTrip(personal)).isEqualTo(personal);
        }

        @Test
        void anEmptyPersonalPartIsEmpty() {
            SnapshotCodec.Personal empty = new SnapshotCodec.Personal(null, null, null, null);

            assertThat(empty.isEmpty()).isTrue();
            assertThat(roundTrip(empty)).isEqualTo(empty);
        }

        @Test
        void aVerificationResultKeepsEachFieldOrItsAbsence() {
            VerificationResult result = new VerificationResult("PASS", null, "FAIL", "NEW_VALUE");

            assertThat(SnapshotCodec.readVerification(SnapshotCodec.writeVerification(result))).isEqualTo(result);
            assertThat(SnapshotCodec.writeVerification(null)).isNull();
            assertThat(SnapshotCodec.readVerification(null)).isNull();
        }

        @Test
        void aCertificateRegistrationKeepsTrueFalseAndAbsent() {
            CertificateRegistration registration = new CertificateRegistration("reg-1", false, null, "ONB");

            assertThat(SnapshotCodec.readCertificate(SnapshotCodec.writeCertificate(registration)))
                    .isEqualTo(registration);
            assertThat(SnapshotCodec.writeCertificate(null)).isNull();
            assertThat(SnapshotCodec.readCertificate(null)).isNull();
        }
    }
}
