package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.ApplicantDetails;
import dev.onekycbridge.core.identity.Consent;
import dev.onekycbridge.core.identity.ConsentContext;
import dev.onekycbridge.core.identity.ConsentRecord;
import dev.onekycbridge.core.identity.ConsentText;
import dev.onekycbridge.core.identity.ContactDetails;
import dev.onekycbridge.core.identity.ContactVerification;
import dev.onekycbridge.core.identity.DataVerification;
import dev.onekycbridge.core.identity.DateOfBirth;
import dev.onekycbridge.core.identity.Email;
import dev.onekycbridge.core.identity.IpAddress;
import dev.onekycbridge.core.identity.Nik;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.identity.PersonName;
import dev.onekycbridge.core.identity.PhoneNumber;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.LaunchSource;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Valid sample data with recognisable values, for tests in every module. Tests that scan logs or database files
 * for personal data look for these values.
 */
public final class TestData {
    /** A woman born 15 May 1990 in Jakarta: day 15 + 40 = 55 in digits 7–8. */
    public static final String NIK = "3171015505900001";
    public static final String DATE_OF_BIRTH = "15-05-1990";
    public static final String NAME = "Siti Rahayu Lestari";
    public static final String EMAIL = "siti.lestari@example.co.id";
    public static final String PHONE = "6281234567890";
    public static final String PARTNER_USER_ID = "user-42";
    public static final String PARTNER_USER_ID_TYPE = "CLIENT_X_USER_ID";
    public static final Instant CONSENT_AT = Instant.parse("2026-11-01T08:00:00Z");

    private TestData() {
    }

    public static PartnerUser partnerUser() {
        return new PartnerUser(PARTNER_USER_ID, PARTNER_USER_ID_TYPE);
    }

    public static PartnerUser partnerUser(String userId) {
        return new PartnerUser(userId, PARTNER_USER_ID_TYPE);
    }

    public static ContactDetails contact() {
        return new ContactDetails(new Email(EMAIL), new PhoneNumber(PHONE),
                new DataVerification(new ContactVerification(true, "email-ver-1"),
                        new ContactVerification(true, "phone-ver-1")));
    }

    public static ApplicantDetails applicant() {
        return new ApplicantDetails(new PersonName(NAME), new Nik(NIK), new DateOfBirth(LocalDate.of(1990, 5, 15)),
                contact());
    }

    public static Consent consent() {
        return new Consent(List.of(new ConsentRecord("Digi", "termsAndConditions", true,
                Map.of(UserLocale.EN_ID, new ConsentText(URI.create("https://partner.example/terms/en"),
                                "I agree to the terms"),
                        UserLocale.ID_ID, new ConsentText(URI.create("https://partner.example/terms/id"),
                                "Saya setuju dengan syarat dan ketentuan")),
                CONSENT_AT, new ConsentContext("Mozilla/5.0 (Linux; Android 14)", new IpAddress("203.0.113.7"),
                null))));
    }

    public static CertificateRegistrationInput certificateRegistrationInput() {
        return new CertificateRegistrationInput(applicant(), UserLocale.EN_ID, consent(), Map.of("channel", "app"));
    }

    public static IdentityVerificationInput identityVerificationInput() {
        return new IdentityVerificationInput(contact(), LaunchSource.WEB_SDK,
                URI.create("https://partner.example/siv/success"), URI.create("https://partner.example/siv/failure"),
                UserLocale.ID_ID);
    }

    /** Bytes that start like a JPEG file, {@code size} long. */
    public static byte[] jpeg(int size) {
        byte[] bytes = filler(size, 0x4A);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        bytes[size - 2] = (byte) 0xFF;
        bytes[size - 1] = (byte) 0xD9;
        return bytes;
    }

    /** Bytes that start like a PNG file, {@code size} long. */
    public static byte[] png(int size) {
        byte[] bytes = filler(size, 0x50);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }

    public static DocumentFacts facts(DocumentKind kind, byte[] bytes) {
        return new DocumentInspector(DocumentLimits.DEFAULT).inspect(kind, DocumentSource.ofBytes(bytes));
    }

    /** A new certificate registration for {@link #partnerUser()}, with a JPEG KTP and a PNG selfie. */
    public static Submission newCertificateRegistration(Instant now) {
        return newCertificateRegistration(partnerUser(), now);
    }

    public static Submission newCertificateRegistration(PartnerUser user, Instant now) {
        return Submission.create(SubmissionId.random(), user, certificateRegistrationInput(),
                List.of(facts(DocumentKind.KTP, jpeg(4096)), facts(DocumentKind.SELFIE, png(4096))), null, null, now);
    }

    public static Submission newKtpScan(PartnerUser user, Instant now) {
        return Submission.create(SubmissionId.random(), user, new KtpScanInput(),
                List.of(facts(DocumentKind.KTP, jpeg(4096))), null, null, now);
    }

    public static Submission newIdentityVerification(PartnerUser user, Instant now) {
        return Submission.create(SubmissionId.random(), user, identityVerificationInput(), List.of(), null, null,
                now);
    }

    private static byte[] filler(int size, int value) {
        if (size < 16) {
            throw new IllegalArgumentException("too small for an image header");
        }
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        for (int i = 0; i < size; i += 97) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
