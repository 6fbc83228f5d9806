package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.ImageType;
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
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.identity.PersonName;
import dev.onekycbridge.core.identity.PhoneNumber;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.LaunchSource;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid inputs with values that tests can search for in requests, logs and messages. */
final class TestData {
    static final String CLIENT_ID = "b31fa508-331c-4e9e-9a60-b0f28c3f7e13";
    static final String PASS_KEY = "2c7b2893-e49f-4cf3-89e6-1b9c5bf0500b";
    static final String CERT_REG_PARTNER = "CLIENT_X-BE-CERT_REG";
    static final String KTP_SCAN_PARTNER = "CLIENT_X-SDK-KTP_SCAN";
    static final String SIV_PARTNER = "CLIENT_X-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION";

    static final String USER_ID = "user-12345";
    static final String USER_ID_TYPE = "CLIENT_X_USER_ID";
    static final String SESSION_ID = "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11";
    static final String SUBMISSION_ID = "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c";

    static final String NIK = "3171010507900003";
    static final String NAME = "Siti Rahayu";
    static final String DATE_OF_BIRTH = "05-07-1990";
    static final String EMAIL = "siti.rahayu@example.co.id";
    static final String PHONE = "6281234567890";
    static final String EMAIL_REFERENCE = "5fb51cca-6d64-49bb-a67a-f3ceaad1a913";
    static final String PHONE_REFERENCE = "0d7c4d6e-96c2-4d2e-8d8c-9a1b2c3d4e5f";
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36";
    static final String USER_IP = "172.217.22.14";
    static final Instant CONSENT_AT = Instant.parse("2024-09-06T06:10:17.345Z");

    private TestData() {
    }

    static PartnerUser partnerUser() {
        return new PartnerUser(USER_ID, USER_ID_TYPE);
    }

    static SubmissionRef ref(FlowType flow) {
        return new SubmissionRef(flow, partnerUser(), flow == FlowType.SIV ? null : SUBMISSION_ID, SESSION_ID);
    }

    static SubmissionRef refWithoutSubmissionId(FlowType flow) {
        return new SubmissionRef(flow, partnerUser(), null, SESSION_ID);
    }

    static ContactDetails contact() {
        return new ContactDetails(Email.parse(EMAIL), PhoneNumber.parse("+62 812-3456-7890"),
                new DataVerification(new ContactVerification(true, EMAIL_REFERENCE),
                        new ContactVerification(true, PHONE_REFERENCE)));
    }

    static ContactDetails phoneOnly() {
        return new ContactDetails(null, PhoneNumber.parse("081234567890"),
                new DataVerification(null, new ContactVerification(true, PHONE_REFERENCE)));
    }

    static CertificateRegistrationInput registration() {
        return registration(Map.of("channel", "mobile", "attempt", 2));
    }

    static CertificateRegistrationInput registration(Map<String, Object> additionalData) {
        ApplicantDetails applicant = new ApplicantDetails(PersonName.parse(NAME), Nik.parse(NIK),
                new DateOfBirth(LocalDate.of(1990, 7, 5)), contact());
        Map<UserLocale, ConsentText> texts = new EnumMap<>(UserLocale.class);
        texts.put(UserLocale.EN_ID, ConsentText.of("https://www.digi.com/terms?version=v1.0.0", "terms and conditions"));
        texts.put(UserLocale.ID_ID, ConsentText.of("https://www.digi.com/terms?version=v1.0.0", "syarat dan ketentuan"));
        ConsentRecord record = new ConsentRecord("Digi", "termsAndConditions", true, texts, CONSENT_AT,
                new ConsentContext(USER_AGENT, new IpAddress(USER_IP),
                        new DeviceDetails("R", "google", "KB2001", "AF7KI0bly3aPIsYJ4+O+2QE", "XL Axiata", "gojek",
                                "4.96.0")));
        return new CertificateRegistrationInput(applicant, UserLocale.EN_ID, new Consent(List.of(record)),
                new LinkedHashMap<>(additionalData));
    }

    static IdentityVerificationInput webVerification() {
        return new IdentityVerificationInput(contact(), LaunchSource.WEB_SDK,
                URI.create("https://partner.example.com/success"), URI.create("https://partner.example.com/failure"),
                UserLocale.ID_ID);
    }

    static IdentityVerificationInput sdkVerification() {
        return new IdentityVerificationInput(phoneOnly(), LaunchSource.SDK, null, null, UserLocale.EN_ID);
    }

    static DocumentFacts facts(DocumentKind kind, ImageType type, long size) {
        return new DocumentFacts(kind, type, size, "0".repeat(64));
    }
}
