package dev.onekycbridge.core.service;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertDoesNotEcho;
import static dev.onekycbridge.core.validation.RejectionAssertions.assertNoMessageEchoes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.document.ImageType;
import dev.onekycbridge.core.identity.ConsentRecord;
import dev.onekycbridge.core.identity.DateOfBirth;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.identity.Email;
import dev.onekycbridge.core.identity.Nik;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.identity.PersonName;
import dev.onekycbridge.core.identity.PhoneNumber;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.submission.LaunchSource;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.FreeFormJson;
import dev.onekycbridge.core.validation.ValidationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {
    /** Five minutes after the user consented ({@link TestData#CONSENT_AT}). */
    private final MutableClock clock = new MutableClock(TestData.CONSENT_AT.plus(Duration.ofMinutes(5)));
    private final RequestValidator validator = new RequestValidator(clock, new DocumentInspector(DocumentLimits.DEFAULT));

    private static final byte[] KTP_JPEG = TestData.jpeg(4096);
    private static final byte[] SELFIE_PNG = TestData.png(4096);

    // ---- request builders: valid by default, one field changed per test ----

    private static VerificationForm verified(String reference) {
        return new VerificationForm(true, reference);
    }

    private static DataVerificationForm bothVerified() {
        return new DataVerificationForm(verified("email-ver-1"), verified("phone-ver-1"));
    }

    private static final class UserDetails {
        String name = TestData.NAME;
        String nik = TestData.NIK;
        String dateOfBirth = TestData.DATE_OF_BIRTH;
        String email = TestData.EMAIL;
        String phoneNumber = "0812-3456-7890";
        DataVerificationForm dataVerification = bothVerified();

        UserDetailsForm build() {
            return new UserDetailsForm(name, nik, dateOfBirth, email, phoneNumber, dataVerification);
        }
    }

    private static final class ConsentData {
        String entity = "Digi";
        String consentType = "termsAndConditions";
        Boolean consentGiven = true;
        Map<String, ConsentTextForm> details = new LinkedHashMap<>(Map.of(
                "en_ID", new ConsentTextForm("https://partner.example/terms/en", "I agree to the terms"),
                "id_ID", new ConsentTextForm("https://partner.example/terms/id", "Saya setuju")));
        String timestamp = Long.toString(TestData.CONSENT_AT.toEpochMilli());
        String userAgent = "Mozilla/5.0 (Linux; Android 14)";
        String userIp = "203.0.113.7";
        DeviceDetails deviceDetails = null;

        ConsentForm build() {
            return new ConsentForm(entity, consentType, consentGiven, details, timestamp, userAgent, userIp,
                    deviceDetails);
        }
    }

    private static final class CertificateRegistration {
        String partnerUserId = TestData.PARTNER_USER_ID;
        String partnerUserIdType = TestData.PARTNER_USER_ID_TYPE;
        UserDetails userDetails = new UserDetails();
        boolean withoutUserDetails;
        String userLocale = "en_ID";
        List<ConsentData> consentData = new ArrayList<>(List.of(new ConsentData()));
        List<ConsentForm> consentForms;
        Map<String, Object> additionalData = Map.of("channel", "app");
        DocumentSource ktp = DocumentSource.ofBytes(KTP_JPEG);
        DocumentSource selfie = DocumentSource.ofBytes(SELFIE_PNG);

        StartCertificateRegistration build() {
            List<ConsentForm> forms = consentForms != null ? consentForms
                    : consentData == null ? null : consentData.stream().map(ConsentData::build).toList();
            return new StartCertificateRegistration(partnerUserId, partnerUserIdType,
                    withoutUserDetails ? null : userDetails.build(), userLocale, forms, additionalData, ktp, selfie,
                    "idem-1");
        }

        ConsentData consent() {
            return consentData.get(0);
        }
    }

    private static final class IdentityVerification {
        String partnerUserId = TestData.PARTNER_USER_ID;
        String partnerUserIdType = TestData.PARTNER_USER_ID_TYPE;
        String email = TestData.EMAIL;
        String phoneNumber = "+62 812 3456 7890";
        DataVerificationForm dataVerification = bothVerified();
        String source = "WEB_SDK";
        String successRedirectionUrl = "https://partner.example/siv/success";
        String failureRedirectionUrl = "https://partner.example/siv/failure";
        String userLocale = null;

        StartIdentityVerification build() {
            return new StartIdentityVerification(partnerUserId, partnerUserIdType, email, phoneNumber,
                    dataVerification, source, successRedirectionUrl, failureRedirectionUrl, userLocale, null);
        }
    }

    private List<FieldError> errorsOf(StartCertificateRegistration command) {
        return catchThrowableOfType(ValidationException.class,
                () -> validator.certificateRegistration(command)).errors();
    }

    private List<FieldError> errorsOf(StartIdentityVerification command) {
        return catchThrowableOfType(ValidationException.class,
                () -> validator.identityVerification(command)).errors();
    }

    private List<FieldError> errorsOf(StartKtpScan command) {
        return catchThrowableOfType(ValidationException.class, () -> validator.ktpScan(command)).errors();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    /** An object holding an object, {@code levels} deep in all. */
    private static Map<String, Object> nested(int levels) {
        Map<String, Object> data = Map.of("leaf", 1);
        for (int level = 1; level < levels; level++) {
            data = Map.of("next", data);
        }
        return data;
    }

    private static byte[] gif() {
        byte[] bytes = Arrays.copyOf("GIF89a".getBytes(StandardCharsets.US_ASCII), 4096);
        Arrays.fill(bytes, 6, bytes.length, (byte) 0x11);
        return bytes;
    }

    @Nested
    class CertificateRegistrationRequests {
        @Test
        void aFullyValidRequestBecomesValidatedValues() {
            var valid = validator.certificateRegistration(new CertificateRegistration().build());

            assertThat(valid.partnerUser()).isEqualTo(TestData.partnerUser());
            var applicant = valid.input().applicant();
            assertThat(applicant.name()).isEqualTo(new PersonName(TestData.NAME));
            assertThat(applicant.nik()).isEqualTo(new Nik(TestData.NIK));
            assertThat(applicant.dateOfBirth()).isEqualTo(new DateOfBirth(LocalDate.of(1990, 5, 15)));
            assertThat(applicant.contact().email()).isEqualTo(new Email(TestData.EMAIL));
            assertThat(applicant.contact().phoneNumber()).isEqualTo(new PhoneNumber(TestData.PHONE));
            assertThat(applicant.contact().dataVerification().email().referenceId()).isEqualTo("email-ver-1");
            assertThat(applicant.contact().dataVerification().phoneNumber().referenceId()).isEqualTo("phone-ver-1");
            assertThat(valid.input().locale()).isEqualTo(UserLocale.EN_ID);
            assertThat(valid.input().additionalData()).containsEntry("channel", "app");

            ConsentRecord consent = valid.input().consent().records().get(0);
            assertThat(consent.entity()).isEqualTo("Digi");
            assertThat(consent.consentType()).isEqualTo("termsAndConditions");
            assertThat(consent.consentGiven()).isTrue();
            assertThat(consent.timestamp()).isEqualTo(TestData.CONSENT_AT);
            assertThat(consent.details()).containsOnlyKeys(UserLocale.EN_ID, UserLocale.ID_ID);
            assertThat(consent.details().get(UserLocale.EN_ID).url())
                    .isEqualTo(URI.create("https://partner.example/terms/en"));
            assertThat(consent.context().userIp().value()).isEqualTo("203.0.113.7");
            assertThat(consent.context().userAgent()).isEqualTo("Mozilla/5.0 (Linux; Android 14)");

            assertThat(valid.documents()).extracting(DocumentFacts::kind)
                    .containsExactly(DocumentKind.KTP, DocumentKind.SELFIE);
            assertThat(valid.documents()).extracting(DocumentFacts::type)
                    .containsExactly(ImageType.JPEG, ImageType.PNG);
            assertThat(valid.documents()).extracting(DocumentFacts::sizeBytes).containsExactly(4096L, 4096L);
        }

        @Test
        void additionalDataThatJsonCannotCarryIsRefusedWithoutItsKeysOrValues() {
            for (Object value : List.of(Double.POSITIVE_INFINITY, Double.NaN, Float.NEGATIVE_INFINITY,
                    new StringBuilder("not a JSON value"), "half a pair \ud800", "\udc00 the other half",
                    "\ude00\ud83d reversed")) {
                CertificateRegistration request = new CertificateRegistration();
                request.additionalData = Map.of("secret-key-name", List.of(Map.of("score", value)));

                List<FieldError> errors = errorsOf(request.build());

                assertThat(fields(errors)).as("%s", value).containsExactly("additionalData");
                assertThat(errors.get(0).message()).doesNotContain("secret-key-name", "score");
            }
        }

        @Test
        void additionalDataWithAKeyThatIsNotTextIsRefused() {
            CertificateRegistration request = new CertificateRegistration();
            request.additionalData = Map.of("\ud800", 1);

            assertThat(fields(errorsOf(request.build()))).containsExactly("additionalData");
        }

        @Test
        void additionalDataNestedDeeperThanTheClientWritesIsRefusedAndTheDeepestItTakesPasses() {
            CertificateRegistration deepest = new CertificateRegistration();
            deepest.additionalData = nested(FreeFormJson.MAX_DEPTH);
            assertThat(validator.certificateRegistration(deepest.build()).input().additionalData())
                    .isEqualTo(deepest.additionalData);

            CertificateRegistration deeper = new CertificateRegistration();
            deeper.additionalData = nested(FreeFormJson.MAX_DEPTH + 1);
            List<FieldError> errors = errorsOf(deeper.build());
            assertThat(fields(errors)).containsExactly("additionalData");
            assertThat(errors.get(0).message()).contains("deeper than " + FreeFormJson.MAX_DEPTH);
        }

        @Test
        void additionalDataOfEveryJsonKindPasses() {
            CertificateRegistration request = new CertificateRegistration();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", "x \ud83d\ude00");
            data.put("whole", 7L);
            data.put("big", new java.math.BigInteger("123456789012345678901234567890"));
            data.put("fraction", 0.25);
            data.put("flag", true);
            data.put("list", List.of(1, "two", Map.of("three", 3)));
            request.additionalData = data;

            assertThat(validator.certificateRegistration(request.build()).input().additionalData()).isEqualTo(data);
        }

        @Test
        void valuesAreNormalised() {
            var request = new CertificateRegistration();
            request.userDetails.name = "  Siti   Rahayu Lestari ";
            request.userDetails.nik = " " + TestData.NIK + " ";
            request.userDetails.email = "Siti.Lestari@EXAMPLE.co.id";
            request.userDetails.phoneNumber = "+62 812-3456-7890";
            request.consent().entity = "  Digi ";

            var valid = validator.certificateRegistration(request.build());

            var applicant = valid.input().applicant();
            assertThat(applicant.name().value()).isEqualTo("Siti Rahayu Lestari");
            assertThat(applicant.nik().value()).isEqualTo(TestData.NIK);
            assertThat(applicant.contact().email().value()).isEqualTo("Siti.Lestari@example.co.id");
            assertThat(applicant.contact().phoneNumber().value()).isEqualTo(TestData.PHONE);
            assertThat(valid.input().consent().records().get(0).entity()).isEqualTo("Digi");
        }

        @Test
        void everyTextFieldButTheWordingAndTheReferencesIsReadWithSpacesOfAnyKindDroppedAndZeroWidthCharactersGone() {
            var request = new CertificateRegistration();
            request.userLocale = "id_ID\u00A0";
            request.userDetails.dataVerification = new DataVerificationForm(verified("\u00A0email-ver-1\u200B"),
                    verified("phone-ver-1\u202F"));
            ConsentData consent = request.consent();
            consent.entity = "\uFEFFDigi\u00A0";
            consent.consentType = "terms\u200BAndConditions\t";
            consent.details = new LinkedHashMap<>(Map.of(
                    "id_ID\u202F", new ConsentTextForm("\u00A0https://partner.example/terms/id\u200B",
                            "Saya\u00A0setuju\u200B")));
            consent.timestamp = "\u00A0" + TestData.CONSENT_AT.toEpochMilli() + "\u202F";
            consent.userAgent = "\u200BMozilla/5.0 (Linux; Android 14)\u00A0";

            var valid = validator.certificateRegistration(request.build());

            assertThat(valid.input().locale()).isEqualTo(UserLocale.ID_ID);
            var verification = valid.input().applicant().contact().dataVerification();
            // Kept as sent: the partner's own references, fingerprinted so by earlier builds.
            assertThat(verification.email().referenceId()).isEqualTo("\u00A0email-ver-1\u200B");
            assertThat(verification.phoneNumber().referenceId()).isEqualTo("phone-ver-1\u202F");
            ConsentRecord record = valid.input().consent().records().get(0);
            assertThat(record.entity()).isEqualTo("Digi");
            assertThat(record.consentType()).isEqualTo("termsAndConditions");
            assertThat(record.details()).containsOnlyKeys(UserLocale.ID_ID);
            assertThat(record.details().get(UserLocale.ID_ID).url())
                    .isEqualTo(URI.create("https://partner.example/terms/id"));
            // The wording the user was shown is kept as sent.
            assertThat(record.details().get(UserLocale.ID_ID).text()).isEqualTo("Saya\u00A0setuju\u200B");
            assertThat(record.timestamp()).isEqualTo(TestData.CONSENT_AT);
            assertThat(record.context().userAgent()).isEqualTo("Mozilla/5.0 (Linux; Android 14)");
        }

        @Test
        void aTextFieldOfNothingButInvisibleCharactersIsMissing() {
            var request = new CertificateRegistration();
            request.userDetails.dataVerification = new DataVerificationForm(verified("\u200B"),
                    verified("\u00A0\uFEFF"));
            ConsentData consent = request.consent();
            consent.entity = "\u200B";
            consent.consentType = "\uFEFF";
            consent.details = Map.of("en_ID", new ConsentTextForm("\u2060", "\u202F\u200B"));
            consent.timestamp = "\u200D";
            consent.userAgent = "\u00A0\u200C";

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("userDetails.dataVerification.email.verificationReferenceId",
                            "is required when the contact is verified"),
                    new FieldError("userDetails.dataVerification.phoneNumber.verificationReferenceId",
                            "is required when the contact is verified"),
                    new FieldError("consentData[0].entity", "is required"),
                    new FieldError("consentData[0].consentType", "is required"),
                    new FieldError("consentData[0].details.en_ID.url", "is required"),
                    new FieldError("consentData[0].details.en_ID.text", "is required"),
                    new FieldError("consentData[0].timestamp", "is required"),
                    new FieldError("consentData[0].userAgent", "is required"));
        }

        @Test
        void twoTextsUnderKeysThatDifferOnlyInSpacesAreReported() {
            var request = new CertificateRegistration();
            request.consent().details.put("en_ID\u00A0",
                    new ConsentTextForm("https://partner.example/terms/en2", "I agree too"));

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[0].details.en_ID",
                    "is given twice, under keys that differ only in spaces"));
        }

        @Test
        void aRequestWithManyInvalidFieldsReportsEveryOneWithItsPathAndEchoesNoValue() {
            var request = new CertificateRegistration();
            request.partnerUserId = "user 42";
            request.userDetails.name = "R2D2 Rahayu";
            request.userDetails.nik = "3171015505900000";
            request.userDetails.dateOfBirth = "1990-05-15";
            request.userDetails.email = "siti.lestari@@example.co.id";
            request.userDetails.phoneNumber = "021-555-1234";
            request.userDetails.dataVerification = new DataVerificationForm(
                    new VerificationForm(false, "email-ver-1"), new VerificationForm(true, " "));
            request.userLocale = "en_US";
            ConsentData first = request.consent();
            first.entity = " ";
            first.consentType = null;
            first.consentGiven = false;
            first.details = Map.of("en_ID", new ConsentTextForm("http://partner.example/terms/en", "I agree"));
            first.timestamp = "yesterday at noon";
            first.userIp = "localhost";
            ConsentData second = new ConsentData();
            second.details = Map.of("fr_FR", new ConsentTextForm("https://partner.example/terms/fr", "J'accepte"),
                    "id_ID", new ConsentTextForm("https://partner.example/terms/id", " "));
            second.userAgent = "";
            request.consentData.add(second);
            request.ktp = DocumentSource.ofBytes(gif());
            request.selfie = null;

            var exception = catchThrowableOfType(ValidationException.class,
                    () -> validator.certificateRegistration(request.build()));

            assertThat(fields(exception.errors())).containsExactlyInAnyOrder(
                    "partnerUserId",
                    "userDetails.name",
                    "userDetails.nik",
                    "userDetails.dateOfBirth",
                    "userDetails.email",
                    "userDetails.phoneNumber",
                    "userDetails.dataVerification.email.isVerified",
                    "userDetails.dataVerification.phoneNumber.verificationReferenceId",
                    "userLocale",
                    "consentData[0].entity",
                    "consentData[0].consentType",
                    "consentData[0].consentGiven",
                    "consentData[0].details.en_ID.url",
                    "consentData[0].timestamp",
                    "consentData[0].userIp",
                    "consentData[1].details.fr_FR",
                    "consentData[1].details.id_ID.text",
                    "consentData[1].userAgent",
                    "ktp",
                    "selfie");
            List<String> inputs = List.of("user 42", "R2D2 Rahayu", "3171015505900000", "1990-05-15",
                    "siti.lestari@@example.co.id", "021-555-1234", "email-ver-1", "en_US",
                    "http://partner.example/terms/en", "yesterday at noon", "localhost", "fr_FR",
                    "https://partner.example/terms/fr", "J'accepte", "GIF89a");
            assertNoMessageEchoes(exception.errors(), inputs);
            // The summary names the fields, and a field path holds the locale key as sent (fr_FR).
            assertDoesNotEcho(exception.getMessage(), inputs.stream().filter(i -> !i.equals("fr_FR"))
                    .toArray(String[]::new));
        }

        @Test
        void eachErrorCarriesTheReasonOfTheRuleItBroke() {
            var request = new CertificateRegistration();
            request.userDetails.nik = "3171015505900000";
            request.userDetails.dateOfBirth = "31-02-1990";
            request.consent().userIp = "999.1.1.1";

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("userDetails.nik", "has a serial number of 0000"),
                    new FieldError("userDetails.dateOfBirth", "is not a real calendar date"),
                    new FieldError("consentData[0].userIp", "must be a valid IPv4 or IPv6 address"));
        }

        @Test
        void aNikThatDisagreesWithTheDateOfBirthIsReportedOnTheNik() {
            var request = new CertificateRegistration();
            request.userDetails.dateOfBirth = "16-05-1990";

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(new FieldError("userDetails.nik",
                    "does not encode the given date of birth in digits 7 to 12"));
            assertNoMessageEchoes(errors, List.of(TestData.NIK, "16-05-1990"));
        }

        @Test
        void aMansNikIsAcceptedWhenItEncodesTheDateOfBirth() {
            var request = new CertificateRegistration();
            request.userDetails.nik = "3171011505900001";

            assertThat(validator.certificateRegistration(request.build()).input().applicant().nik().isFemale())
                    .isFalse();
        }

        @Test
        void aNikDisagreementIsReportedTogetherWithAContactError() {
            var request = new CertificateRegistration();
            request.userDetails.dateOfBirth = "16-05-1990";
            request.userDetails.email = "not-an-address";

            assertThat(fields(errorsOf(request.build())))
                    .containsExactlyInAnyOrder("userDetails.nik", "userDetails.email");
        }

        @Test
        void missingUserDetailsAreReported() {
            var request = new CertificateRegistration();
            request.withoutUserDetails = true;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("userDetails", "is required"));
        }

        @Test
        void everyMissingUserDetailIsReported() {
            var request = new CertificateRegistration();
            request.userDetails.name = null;
            request.userDetails.nik = " ";
            request.userDetails.dateOfBirth = "";

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("userDetails.name", "is required"),
                    new FieldError("userDetails.nik", "is required"),
                    new FieldError("userDetails.dateOfBirth", "is required"));
        }

        @Test
        void aDateOfBirthThatIsTodayIsReported() {
            var request = new CertificateRegistration();
            // Born on the clock's day, 1 November 2026 (a woman: day 01 + 40 in the NIK).
            request.userDetails.dateOfBirth = "01-11-2026";
            request.userDetails.nik = "3171014111260001";

            assertThat(errorsOf(request.build()))
                    .containsExactly(new FieldError("userDetails.dateOfBirth", "must be in the past"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "\u00A0", "\u200B"})
        void aMissingContactIsReportedOnceOnTheEmail(String missing) {
            var request = new CertificateRegistration();
            request.userDetails.email = missing;
            request.userDetails.phoneNumber = missing;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("userDetails.email", "an e-mail address or a phone number is required"));
        }

        @Test
        void anEmailAloneIsEnoughWhenItIsVerified() {
            var request = new CertificateRegistration();
            request.userDetails.phoneNumber = null;
            request.userDetails.dataVerification = new DataVerificationForm(verified("email-ver-1"), null);

            var contact = validator.certificateRegistration(request.build()).input().applicant().contact();

            assertThat(contact.phoneNumber()).isNull();
            assertThat(contact.email()).isEqualTo(new Email(TestData.EMAIL));
        }

        @Test
        void aPhoneAloneIsEnoughWhenItIsVerified() {
            var request = new CertificateRegistration();
            request.userDetails.email = "";
            request.userDetails.dataVerification = new DataVerificationForm(null, verified("phone-ver-1"));

            var contact = validator.certificateRegistration(request.build()).input().applicant().contact();

            assertThat(contact.email()).isNull();
            assertThat(contact.phoneNumber()).isEqualTo(new PhoneNumber(TestData.PHONE));
        }

        @Test
        void aMissingDataVerificationIsReported() {
            var request = new CertificateRegistration();
            request.userDetails.dataVerification = null;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("userDetails.dataVerification",
                    "is required: the platform accepts only verified contacts"));
        }

        @Test
        void aSentContactWithoutItsVerificationIsReported() {
            var request = new CertificateRegistration();
            request.userDetails.dataVerification = new DataVerificationForm(null, verified("phone-ver-1"));

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("userDetails.dataVerification.email",
                    "is required for a contact that is sent"));
        }

        @Test
        void anUnverifiedContactWithoutAReferenceIsReportedOnBothFields() {
            var request = new CertificateRegistration();
            request.userDetails.dataVerification = new DataVerificationForm(new VerificationForm(false, null),
                    verified("phone-ver-1"));

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("userDetails.dataVerification.email.isVerified",
                            "must be true: the platform requires verified contacts"),
                    new FieldError("userDetails.dataVerification.email.verificationReferenceId",
                            "is required when the contact is verified"));
        }

        @Test
        void anUnverifiedOrUnreferencedContactIsReportedOnItsField() {
            var request = new CertificateRegistration();
            request.userDetails.dataVerification = new DataVerificationForm(new VerificationForm(null, "email-ver-1"),
                    new VerificationForm(true, null));

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("userDetails.dataVerification.email.isVerified",
                            "must be true: the platform requires verified contacts"),
                    new FieldError("userDetails.dataVerification.phoneNumber.verificationReferenceId",
                            "is required when the contact is verified"));
        }

        @Test
        void theVerificationOfAContactThatIsNotSentIsIgnored() {
            var request = new CertificateRegistration();
            request.userDetails.phoneNumber = null;
            request.userDetails.dataVerification = new DataVerificationForm(verified("email-ver-1"),
                    new VerificationForm(false, null));

            var contact = validator.certificateRegistration(request.build()).input().applicant().contact();

            assertThat(contact.dataVerification().phoneNumber()).isNull();
        }

        @ParameterizedTest
        @NullAndEmptySource
        void aMissingOrEmptyLocaleIsReported(String locale) {
            var request = new CertificateRegistration();
            request.userLocale = locale;

            assertThat(fields(errorsOf(request.build()))).containsExactly("userLocale");
        }

        @Test
        void aNullLocaleIsReportedAsRequired() {
            var request = new CertificateRegistration();
            request.userLocale = null;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("userLocale", "is required"));
        }

        @Test
        void theIndonesianLocaleIsAccepted() {
            var request = new CertificateRegistration();
            request.userLocale = "id_ID";

            assertThat(validator.certificateRegistration(request.build()).input().locale()).isEqualTo(UserLocale.ID_ID);
        }

        @Test
        void missingDocumentsAreReported() {
            var request = new CertificateRegistration();
            request.ktp = null;
            request.selfie = null;

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("ktp", "is required"), new FieldError("selfie", "is required"));
        }

        @Test
        void documentsThatAreNotImagesOrTooSmallAreReported() {
            var request = new CertificateRegistration();
            request.ktp = DocumentSource.ofBytes(gif());
            request.selfie = DocumentSource.ofBytes(TestData.png(1023));

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("ktp", "must be a JPEG or PNG image"),
                    new FieldError("selfie", "must be at least 1024 bytes"));
        }

        @Test
        void bothPartnerFieldsAreReportedWhenBothAreWrong() {
            var request = new CertificateRegistration();
            request.partnerUserId = null;
            request.partnerUserIdType = "CLIENT X";

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("partnerUserId", "is required"),
                    new FieldError("partnerUserIdType", "may hold only visible ASCII characters, without spaces"));
        }

        @Test
        void aWrongPartnerUserIdAloneIsReportedAlone() {
            var request = new CertificateRegistration();
            request.partnerUserId = "x".repeat(129);

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("partnerUserId", "must be at most 128 characters"));
        }

        @Test
        void aWrongPartnerUserIdTypeIsReportedOnce() {
            var request = new CertificateRegistration();
            request.partnerUserIdType = null;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("partnerUserIdType", "is required"));
        }

        @Test
        void additionalDataIsOptional() {
            var request = new CertificateRegistration();
            request.additionalData = null;

            assertThat(validator.certificateRegistration(request.build()).input().additionalData()).isEmpty();
        }
    }

    @Nested
    class Consent {
        @ParameterizedTest
        @NullAndEmptySource
        void atLeastOneRecordIsRequired(List<ConsentForm> forms) {
            var request = new CertificateRegistration();
            request.consentForms = forms;
            request.consentData = forms == null ? null : List.of();

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData", "must hold at least one consent record"));
        }

        @Test
        void aMissingRecordIsReportedAtItsIndex() {
            var request = new CertificateRegistration();
            var forms = new ArrayList<ConsentForm>();
            forms.add(new ConsentData().build());
            forms.add(null);
            request.consentForms = forms;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[1]", "is required"));
        }

        @Test
        void everyRecordIsKept() {
            var request = new CertificateRegistration();
            var second = new ConsentData();
            second.entity = "PrivyID";
            second.consentType = "privacyPolicy";
            request.consentData.add(second);

            var records = validator.certificateRegistration(request.build()).input().consent().records();

            assertThat(records).extracting(ConsentRecord::entity).containsExactly("Digi", "PrivyID");
        }

        @Test
        void detailsMissingTheUsersLocaleAreReported() {
            var request = new CertificateRegistration();
            request.userLocale = "id_ID";
            request.consent().details = Map.of("en_ID",
                    new ConsentTextForm("https://partner.example/terms/en", "I agree"));

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[0].details",
                    "must hold the consent text for the user's locale id_ID"));
        }

        @Test
        void detailsInTheUsersLocaleAloneAreEnough() {
            var request = new CertificateRegistration();
            request.userLocale = "id_ID";
            request.consent().details = Map.of("id_ID",
                    new ConsentTextForm("https://partner.example/terms/id", "Saya setuju"));

            var details = validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .details();

            assertThat(details).containsOnlyKeys(UserLocale.ID_ID);
        }

        @Test
        void emptyDetailsAreReported() {
            var request = new CertificateRegistration();
            request.consent().details = Map.of();

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[0].details",
                    "must hold the consent text for at least one locale"));
        }

        @Test
        void aMissingTextInOneLocaleIsReportedAtThatLocale() {
            var request = new CertificateRegistration();
            var details = new HashMap<String, ConsentTextForm>();
            details.put("en_ID", new ConsentTextForm("https://partner.example/terms/en", "I agree"));
            details.put("id_ID", null);
            request.consent().details = details;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].details.id_ID", "is required"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"3273056308870042", "NIK 3273056308870042 / widya@example.co.id", "Widyastuti"})
        void aDetailsKeyThatIsNoLocaleIsReportedAtTheDetailsWithoutRepeatingIt(String key) {
            var request = new CertificateRegistration();
            request.consent().details.put(key, new ConsentTextForm("https://partner.example/terms/x", "Ok"));

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[0].details",
                    "holds a key that is not a locale: use en_ID or id_ID"));
        }

        @Test
        void aConsentTextWithNeitherUrlNorTextIsReportedOnBoth() {
            var request = new CertificateRegistration();
            request.consent().details.put("id_ID", new ConsentTextForm(null, " "));

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("consentData[0].details.id_ID.url", "is required"),
                    new FieldError("consentData[0].details.id_ID.text", "is required"));
        }

        @Test
        void aConsentUrlThatIsNotHttpsIsReportedAtItsLocale() {
            var request = new CertificateRegistration();
            request.consent().details = Map.of(
                    "en_ID", new ConsentTextForm("http://partner.example/terms/en", "I agree"),
                    "id_ID", new ConsentTextForm(null, "Saya setuju"));

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactlyInAnyOrder(
                    new FieldError("consentData[0].details.en_ID.url", "must be an absolute https URL"),
                    new FieldError("consentData[0].details.id_ID.url", "is required"));
            assertNoMessageEchoes(errors, List.of("http://partner.example/terms/en"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://x.example", "5"})
        void aBadUrlInTheUsersLocaleIsReportedOnlyAtThatUrl(String url) {
            var request = new CertificateRegistration();
            request.consent().details = Map.of(
                    "en_ID", new ConsentTextForm(url, "I agree"),
                    "id_ID", new ConsentTextForm("https://partner.example/terms/id", "Saya setuju"));

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].details.en_ID.url", "must be an absolute https URL"));
        }

        @Test
        void aNullTextInTheUsersLocaleIsReportedOnlyAtThatLocale() {
            var request = new CertificateRegistration();
            var details = new HashMap<String, ConsentTextForm>();
            details.put("en_ID", null);
            details.put("id_ID", new ConsentTextForm("https://partner.example/terms/id", "Saya setuju"));
            request.consent().details = details;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].details.en_ID", "is required"));
        }

        @Test
        void detailsMissingTheUsersLocaleAreReportedBesideAProblemInAnotherLocale() {
            var request = new CertificateRegistration();
            request.consent().details = Map.of("id_ID",
                    new ConsentTextForm("http://partner.example/terms/id", "Saya setuju"));

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("consentData[0].details.id_ID.url", "must be an absolute https URL"),
                    new FieldError("consentData[0].details",
                            "must hold the consent text for the user's locale en_ID"));
        }

        @Test
        void aConsentThatWasNotGivenIsReported() {
            var request = new CertificateRegistration();
            request.consent().consentGiven = null;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("consentData[0].consentGiven",
                    "must be true: the user has to consent"));
        }

        @Test
        void theTimestampMayBeEpochMilliseconds() {
            var request = new CertificateRegistration();
            request.consent().timestamp = "1793347200000";

            assertThat(validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .timestamp()).isEqualTo(Instant.ofEpochMilli(1793347200000L));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-01T08:00:00Z", "2026-11-01T08:00:00.000Z", "2026-11-01T15:00:00+07:00",
                " 2026-11-01T08:00:00Z "})
        void theTimestampMayBeAnIso8601Instant(String timestamp) {
            var request = new CertificateRegistration();
            request.consent().timestamp = timestamp;

            assertThat(validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .timestamp()).isEqualTo(TestData.CONSENT_AT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"01-11-2026", "2026-11-01", "2026-11-01 08:00:00", "-1", "1.7e12", "now",
                "99999999999999999999", "0x1A"})
        void aTimestampInAnyOtherFormIsReported(String timestamp) {
            var request = new CertificateRegistration();
            request.consent().timestamp = timestamp;

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(new FieldError("consentData[0].timestamp",
                    "must be epoch milliseconds or an ISO-8601 instant"));
            assertNoMessageEchoes(errors, List.of(timestamp));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1725603017", "86400000", "946684799999"})
        void aTimestampInEpochSecondsOrOtherwiseBefore2000IsReportedAsNotMilliseconds(String timestamp) {
            var request = new CertificateRegistration();
            request.consent().timestamp = timestamp;

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(new FieldError("consentData[0].timestamp",
                    "must be epoch milliseconds at or after 2000-01-01T00:00:00Z (epoch seconds read as 1970)"));
            assertNoMessageEchoes(errors, List.of(timestamp));
        }

        @Test
        void anIsoTimestampBefore2000IsReported() {
            var request = new CertificateRegistration();
            request.consent().timestamp = "1999-12-31T23:59:59Z";

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].timestamp", "must not be before 2000-01-01T00:00:00Z"));
        }

        @Test
        void theFirstMillisecondOf2000IsAccepted() {
            var request = new CertificateRegistration();
            request.consent().timestamp = "946684800000";

            assertThat(validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .timestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void aMissingTimestampIsReported(String timestamp) {
            var request = new CertificateRegistration();
            request.consent().timestamp = timestamp;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].timestamp", "is required"));
        }

        @Test
        void aTimestampFiveMinutesAheadOfTheClockIsAccepted() {
            var request = new CertificateRegistration();
            request.consent().timestamp = Long.toString(clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli());

            assertThat(validator.certificateRegistration(request.build()).input().consent().records()).hasSize(1);
        }

        @Test
        void aTimestampMoreThanFiveMinutesAheadIsReportedAsFuture() {
            var request = new CertificateRegistration();
            request.consent().timestamp = Long.toString(
                    clock.instant().plus(Duration.ofMinutes(5)).plusMillis(1).toEpochMilli());

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].timestamp", "must not be in the future"));
        }

        @Test
        void theAllowedSkewIsMeasuredFromTheClockAsItMoves() {
            var request = new CertificateRegistration();
            request.consent().timestamp = clock.instant().plus(Duration.ofMinutes(10)).toString();
            assertThat(fields(errorsOf(request.build()))).containsExactly("consentData[0].timestamp");

            clock.advance(Duration.ofMinutes(5));

            assertThat(validator.certificateRegistration(request.build()).input().consent().records()).hasSize(1);
        }

        @Test
        void aFutureIsoTimestampIsReportedToo() {
            var request = new CertificateRegistration();
            request.consent().timestamp = clock.instant().plus(Duration.ofHours(1)).toString();

            assertThat(fields(errorsOf(request.build()))).containsExactly("consentData[0].timestamp");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "example.com", "256.1.1.1", "::g", "203.0.113.7, 10.0.0.1"})
        void anInvalidUserIpIsReported(String ip) {
            var request = new CertificateRegistration();
            request.consent().userIp = ip;

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(new FieldError("consentData[0].userIp",
                    "must be a valid IPv4 or IPv6 address"));
            assertNoMessageEchoes(errors, List.of(ip));
        }

        @Test
        void anIpv6UserIpIsAccepted() {
            var request = new CertificateRegistration();
            request.consent().userIp = "2001:db8::7";

            assertThat(validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .context().userIp().value()).isEqualTo("2001:db8::7");
        }

        @Test
        void aMissingUserAgentIsReported() {
            var request = new CertificateRegistration();
            request.consent().userAgent = null;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].userAgent", "is required"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void aMissingUserIpIsReportedAsRequired(String ip) {
            var request = new CertificateRegistration();
            request.consent().userIp = ip;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("consentData[0].userIp", "is required"));
        }

        @Test
        void aRecordWithoutItsContextReportsBothFieldsAsRequired() {
            var request = new CertificateRegistration();
            request.consent().userAgent = null;
            request.consent().userIp = null;

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("consentData[0].userIp", "is required"),
                    new FieldError("consentData[0].userAgent", "is required"));
        }

        @Test
        void deviceDetailsArePassedThrough() {
            var request = new CertificateRegistration();
            var device = new DeviceDetails("Android 14", "Samsung", "SM-S918B", "dev-1", "Telkomsel", "app", "1.0");
            request.consent().deviceDetails = device;

            assertThat(validator.certificateRegistration(request.build()).input().consent().records().get(0)
                    .context().deviceDetails()).isEqualTo(device);
        }

        @Test
        void aMissingUserAgentIsReportedTogetherWithAnInvalidIp() {
            var request = new CertificateRegistration();
            request.consent().userIp = "localhost";
            request.consent().userAgent = "";

            assertThat(fields(errorsOf(request.build())))
                    .containsExactlyInAnyOrder("consentData[0].userIp", "consentData[0].userAgent");
        }

        @Test
        void aMissingLocaleAndAFutureTimestampAreReportedTogether() {
            var request = new CertificateRegistration();
            request.userLocale = "id_ID";
            request.consent().details = Map.of("en_ID",
                    new ConsentTextForm("https://partner.example/terms/en", "I agree"));
            request.consent().timestamp = clock.instant().plus(Duration.ofHours(1)).toString();

            assertThat(fields(errorsOf(request.build())))
                    .containsExactlyInAnyOrder("consentData[0].details", "consentData[0].timestamp");
        }
    }

    @Nested
    class KtpScans {
        @Test
        void aValidRequestGivesThePartnerUserAndTheKtp() {
            var valid = validator.ktpScan(new StartKtpScan(TestData.PARTNER_USER_ID, TestData.PARTNER_USER_ID_TYPE,
                    DocumentSource.ofBytes(KTP_JPEG), null));

            assertThat(valid.partnerUser()).isEqualTo(new PartnerUser(TestData.PARTNER_USER_ID,
                    TestData.PARTNER_USER_ID_TYPE));
            assertThat(valid.documents()).singleElement().satisfies(facts -> {
                assertThat(facts.kind()).isEqualTo(DocumentKind.KTP);
                assertThat(facts.type()).isEqualTo(ImageType.JPEG);
            });
        }

        @Test
        void everyProblemIsReported() {
            var errors = errorsOf(new StartKtpScan(" ", "CLIENT_X_USER_ID", null, null));

            assertThat(errors).containsExactly(new FieldError("partnerUserId", "is required"),
                    new FieldError("ktp", "is required"));
        }

        @Test
        void aKtpThatIsNotAnImageIsReported() {
            var errors = errorsOf(new StartKtpScan(TestData.PARTNER_USER_ID, TestData.PARTNER_USER_ID_TYPE,
                    DocumentSource.ofBytes(new byte[0]), null));

            assertThat(errors).containsExactly(new FieldError("ktp", "is empty"));
        }
    }

    @Nested
    class IdentityVerifications {
        @Test
        void aValidWebSdkRequestKeepsBothRedirectionUrls() {
            var valid = validator.identityVerification(new IdentityVerification().build());

            assertThat(valid.partnerUser()).isEqualTo(TestData.partnerUser());
            var input = valid.input();
            assertThat(input.source()).isEqualTo(LaunchSource.WEB_SDK);
            assertThat(input.successRedirectionUrl()).isEqualTo(URI.create("https://partner.example/siv/success"));
            assertThat(input.failureRedirectionUrl()).isEqualTo(URI.create("https://partner.example/siv/failure"));
            assertThat(input.contact().email()).isEqualTo(new Email(TestData.EMAIL));
            assertThat(input.contact().phoneNumber()).isEqualTo(new PhoneNumber(TestData.PHONE));
        }

        @Test
        void theLocaleDefaultsToIndonesian() {
            assertThat(validator.identityVerification(new IdentityVerification().build()).input().locale())
                    .isEqualTo(UserLocale.ID_ID);
        }

        @Test
        void anExplicitLocaleIsKept() {
            var request = new IdentityVerification();
            request.userLocale = "en_ID";

            assertThat(validator.identityVerification(request.build()).input().locale()).isEqualTo(UserLocale.EN_ID);
        }

        @Test
        void aLocaleAndASourceAreReadWithoutTheSpacesAroundThem() {
            var request = new IdentityVerification();
            request.userLocale = "\u200Ben_ID\u00A0";
            request.source = " SDK\u00A0";
            request.successRedirectionUrl = "\u00A0https://partner.example/siv/success\u200B";

            var input = validator.identityVerification(request.build()).input();

            assertThat(input.locale()).isEqualTo(UserLocale.EN_ID);
            assertThat(input.source()).isEqualTo(LaunchSource.SDK);
            assertThat(input.successRedirectionUrl()).isEqualTo(URI.create("https://partner.example/siv/success"));
        }

        @Test
        void anUnverifiedEmailWithoutAReferenceIsReportedOnBothFields() {
            var request = new IdentityVerification();
            request.phoneNumber = null;
            request.dataVerification = new DataVerificationForm(new VerificationForm(false, null), null);

            assertThat(fields(errorsOf(request.build()))).containsExactlyInAnyOrder(
                    "dataVerification.email.isVerified", "dataVerification.email.verificationReferenceId");
        }

        @Test
        void anUnknownLocaleIsReported() {
            var request = new IdentityVerification();
            request.userLocale = "en_GB";

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("userLocale", "must be en_ID or id_ID"));
        }

        @Test
        void webSdkNeedsBothRedirectionUrls() {
            var request = new IdentityVerification();
            request.successRedirectionUrl = null;
            request.failureRedirectionUrl = " ";

            assertThat(errorsOf(request.build())).containsExactlyInAnyOrder(
                    new FieldError("successRedirectionUrl", "is required for WEB_SDK"),
                    new FieldError("failureRedirectionUrl", "is required for WEB_SDK"));
        }

        @Test
        void webSdkWithOneRedirectionUrlReportsTheOther() {
            var request = new IdentityVerification();
            request.failureRedirectionUrl = null;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("failureRedirectionUrl", "is required for WEB_SDK"));
        }

        @Test
        void theNativeSdkNeedsNoRedirectionUrls() {
            var request = new IdentityVerification();
            request.source = "SDK";
            request.successRedirectionUrl = null;
            request.failureRedirectionUrl = null;

            var input = validator.identityVerification(request.build()).input();

            assertThat(input.source()).isEqualTo(LaunchSource.SDK);
            assertThat(input.successRedirectionUrl()).isNull();
            assertThat(input.failureRedirectionUrl()).isNull();
        }

        @Test
        void redirectionUrlsGivenForTheNativeSdkAreStillChecked() {
            var request = new IdentityVerification();
            request.source = "SDK";
            request.successRedirectionUrl = "partner.example/success";
            request.failureRedirectionUrl = null;

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(
                    new FieldError("successRedirectionUrl", "must be an absolute http(s) URL"));
            assertNoMessageEchoes(errors, List.of("partner.example/success"));
        }

        @Test
        void plainHttpRedirectionUrlsAreAccepted() {
            var request = new IdentityVerification();
            request.successRedirectionUrl = "http://localhost:3000/done";

            assertThat(validator.identityVerification(request.build()).input().successRedirectionUrl())
                    .isEqualTo(URI.create("http://localhost:3000/done"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://partner.example/done", "/siv/done", "https:///done", "javascript:alert(1)",
                "https://partner example/done", "partner-app://done"})
        void redirectionUrlsMustBeAbsoluteHttpOrHttps(String url) {
            var request = new IdentityVerification();
            request.failureRedirectionUrl = url;

            var errors = errorsOf(request.build());

            assertThat(errors).containsExactly(
                    new FieldError("failureRedirectionUrl", "must be an absolute http(s) URL"));
            assertNoMessageEchoes(errors, List.of(url));
        }

        @ParameterizedTest
        @ValueSource(strings = {"MOBILE", "sdk", "web_sdk", "WEB-SDK", "", "\u200B", "S DK"})
        void anUnknownSourceIsReported(String source) {
            var request = new IdentityVerification();
            request.source = source;

            assertThat(errorsOf(request.build())).containsExactly(new FieldError("source", "must be SDK or WEB_SDK"));
        }

        @Test
        void aMissingSourceIsReported() {
            var request = new IdentityVerification();
            request.source = null;

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("source", "is required: SDK or WEB_SDK"));
        }

        @Test
        void aMissingContactIsReportedWithoutAPrefix() {
            var request = new IdentityVerification();
            request.email = null;
            request.phoneNumber = "";

            assertThat(errorsOf(request.build())).containsExactly(
                    new FieldError("email", "an e-mail address or a phone number is required"));
        }

        @Test
        void aPhoneAloneIsEnough() {
            var request = new IdentityVerification();
            request.email = null;
            request.dataVerification = new DataVerificationForm(null, verified("phone-ver-1"));

            var contact = validator.identityVerification(request.build()).input().contact();

            assertThat(contact.email()).isNull();
            assertThat(contact.phoneNumber().value()).isEqualTo(TestData.PHONE);
        }

        @Test
        void everyProblemIsReportedAtOnceWithoutEchoingValues() {
            var request = new IdentityVerification();
            request.partnerUserId = "usér-42";
            request.email = "siti@";
            request.phoneNumber = "0212345678";
            request.dataVerification = new DataVerificationForm(new VerificationForm(false, "email-ver-1"), null);
            request.source = "BROWSER";
            request.successRedirectionUrl = "ftp://partner.example/ok";
            request.userLocale = "ms_MY";

            var errors = errorsOf(request.build());

            assertThat(fields(errors)).containsExactlyInAnyOrder(
                    "partnerUserId", "email", "phoneNumber", "dataVerification.email.isVerified",
                    "dataVerification.phoneNumber", "source", "successRedirectionUrl", "userLocale");
            assertNoMessageEchoes(errors, List.of("usér-42", "siti@", "0212345678", "BROWSER",
                    "ftp://partner.example/ok", "ms_MY"));
        }

        @Test
        void aMissingDataVerificationIsReportedWithoutAPrefix() {
            var request = new IdentityVerification();
            request.dataVerification = null;

            assertThat(fields(errorsOf(request.build()))).containsExactly("dataVerification");
        }
    }
}
