package dev.onekycbridge.core.service;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
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
import dev.onekycbridge.core.identity.Spaces;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.LaunchSource;
import dev.onekycbridge.core.validation.InvalidValueException;
import dev.onekycbridge.core.validation.FreeFormJson;
import dev.onekycbridge.core.validation.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns start requests as received into validated domain values, reporting every problem at once with the path
 * of the field (e.g. {@code userDetails.nik}, {@code consentData[0].details.en_ID.url}).
 */
public final class RequestValidator {
    /** No consent given before this is plausible: an earlier time is a unit mistake, not a consent. */
    private static final Instant EARLIEST_CONSENT = Instant.parse("2000-01-01T00:00:00Z");

    private final Clock clock;
    private final DocumentInspector inspector;

    public RequestValidator(Clock clock, DocumentInspector inspector) {
        this.clock = clock;
        this.inspector = inspector;
    }

    /** A certificate registration that passed every check. */
    public record ValidCertificateRegistration(PartnerUser partnerUser, CertificateRegistrationInput input,
                                               List<DocumentFacts> documents) {
    }

    /** A KTP scan that passed every check. */
    public record ValidKtpScan(PartnerUser partnerUser, List<DocumentFacts> documents) {
    }

    /** An identity verification that passed every check. */
    public record ValidIdentityVerification(PartnerUser partnerUser, IdentityVerificationInput input) {
    }

    public ValidCertificateRegistration certificateRegistration(StartCertificateRegistration command) {
        Problems problems = new Problems();
        PartnerUser user = partnerUser(problems, command.partnerUserId(), command.partnerUserIdType());
        UserLocale locale = command.userLocale() == null ? null
                : problems.parse("userLocale", () -> UserLocale.parse(command.userLocale()));
        if (command.userLocale() == null) {
            problems.add("userLocale", "is required");
        }
        ApplicantDetails applicant = applicant(problems, command.userDetails());
        Consent consent = consent(problems, command.consentData(), locale);
        DocumentFacts ktp = document(problems, DocumentKind.KTP, command.ktp());
        DocumentFacts selfie = document(problems, DocumentKind.SELFIE, command.selfie());
        FreeFormJson.check(problems, "additionalData", command.additionalData());
        problems.throwIfAny();
        return new ValidCertificateRegistration(user,
                new CertificateRegistrationInput(applicant, locale, consent, command.additionalData()),
                List.of(ktp, selfie));
    }

    public ValidKtpScan ktpScan(StartKtpScan command) {
        Problems problems = new Problems();
        PartnerUser user = partnerUser(problems, command.partnerUserId(), command.partnerUserIdType());
        DocumentFacts ktp = document(problems, DocumentKind.KTP, command.ktp());
        problems.throwIfAny();
        return new ValidKtpScan(user, List.of(ktp));
    }

    public ValidIdentityVerification identityVerification(StartIdentityVerification command) {
        Problems problems = new Problems();
        PartnerUser user = partnerUser(problems, command.partnerUserId(), command.partnerUserIdType());
        ContactDetails contact = contact(problems, "", command.email(), command.phoneNumber(),
                command.dataVerification());
        LaunchSource source = null;
        if (command.source() == null) {
            problems.add("source", "is required: SDK or WEB_SDK");
        } else {
            try {
                source = LaunchSource.valueOf(Spaces.strip(command.source()));
            } catch (IllegalArgumentException e) {
                problems.add("source", "must be SDK or WEB_SDK");
            }
        }
        URI success = redirection(problems, "successRedirectionUrl", command.successRedirectionUrl(), source);
        URI failure = redirection(problems, "failureRedirectionUrl", command.failureRedirectionUrl(), source);
        UserLocale locale = command.userLocale() == null ? UserLocale.ID_ID
                : problems.parse("userLocale", () -> UserLocale.parse(command.userLocale()));
        problems.throwIfAny();
        return new ValidIdentityVerification(user,
                new IdentityVerificationInput(contact, source, success, failure, locale));
    }

    private static PartnerUser partnerUser(Problems problems, String userId, String userIdType) {
        try {
            return new PartnerUser(userId, userIdType);
        } catch (InvalidValueException e) {
            problems.add(e.field(), e.reason());
            if (e.field().equals("partnerUserId")) {
                // Report the type too, if it is also wrong.
                problems.parse("partnerUserIdType", () -> new PartnerUser("x", userIdType));
            }
            return null;
        }
    }

    private ApplicantDetails applicant(Problems problems, UserDetailsForm form) {
        if (form == null) {
            problems.add("userDetails", "is required");
            return null;
        }
        PersonName name = problems.parse("userDetails.name", () -> PersonName.parse(form.name()));
        Nik nik = problems.parse("userDetails.nik", () -> Nik.parse(form.nik()));
        DateOfBirth dateOfBirth = problems.parse("userDetails.dateOfBirth",
                () -> DateOfBirth.parse(form.dateOfBirth(), clock));
        ContactDetails contact = contact(problems, "userDetails.", form.email(), form.phoneNumber(),
                form.dataVerification());
        if (nik != null && dateOfBirth != null && !nik.agreesWith(dateOfBirth)) {
            problems.add("userDetails.nik", "does not encode the given date of birth in digits 7 to 12");
            return null;
        }
        if (name == null || nik == null || dateOfBirth == null || contact == null) {
            return null;
        }
        return problems.parse("userDetails.nik", () -> new ApplicantDetails(name, nik, dateOfBirth, contact));
    }

    private static ContactDetails contact(Problems problems, String prefix, String emailText, String phoneText,
                                          DataVerificationForm verification) {
        boolean hasEmail = !Spaces.isBlank(emailText);
        boolean hasPhone = !Spaces.isBlank(phoneText);
        if (!hasEmail && !hasPhone) {
            problems.add(prefix + "email", "an e-mail address or a phone number is required");
            return null;
        }
        Email email = hasEmail ? problems.parse(prefix + "email", () -> Email.parse(emailText)) : null;
        PhoneNumber phone = hasPhone ? problems.parse(prefix + "phoneNumber", () -> PhoneNumber.parse(phoneText))
                : null;
        String verificationPath = prefix + "dataVerification";
        ContactVerification emailVerification = null;
        ContactVerification phoneVerification = null;
        if (verification == null) {
            problems.add(verificationPath, "is required: the platform accepts only verified contacts");
        } else {
            if (hasEmail) {
                emailVerification = verification(problems, verificationPath + ".email", verification.email());
            }
            if (hasPhone) {
                phoneVerification = verification(problems, verificationPath + ".phoneNumber",
                        verification.phoneNumber());
            }
        }
        if ((hasEmail && (email == null || emailVerification == null))
                || (hasPhone && (phone == null || phoneVerification == null))) {
            return null;
        }
        return new ContactDetails(email, phone, new DataVerification(emailVerification, phoneVerification));
    }

    private static ContactVerification verification(Problems problems, String path, VerificationForm form) {
        if (form == null) {
            problems.add(path, "is required for a contact that is sent");
            return null;
        }
        return ContactVerification.parse(problems, path, Boolean.TRUE.equals(form.isVerified()),
                form.verificationReferenceId());
    }

    private Consent consent(Problems problems, List<ConsentForm> forms, UserLocale locale) {
        if (forms == null || forms.isEmpty()) {
            problems.add("consentData", "must hold at least one consent record");
            return null;
        }
        List<ConsentRecord> records = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            ConsentRecord record = consentRecord(problems, "consentData[" + i + "]", forms.get(i), locale);
            if (record != null) {
                records.add(record);
            }
        }
        return records.size() == forms.size() ? new Consent(records) : null;
    }

    private ConsentRecord consentRecord(Problems problems, String path, ConsentForm form, UserLocale locale) {
        if (form == null) {
            problems.add(path, "is required");
            return null;
        }
        int before = problems.errors().size();
        String entity = Spaces.strip(form.entity());
        String consentType = Spaces.strip(form.consentType());
        String userAgent = Spaces.strip(form.userAgent());
        if (Spaces.isBlank(entity)) {
            problems.add(path + ".entity", "is required");
        }
        if (Spaces.isBlank(consentType)) {
            problems.add(path + ".consentType", "is required");
        }
        if (!Boolean.TRUE.equals(form.consentGiven())) {
            problems.add(path + ".consentGiven", "must be true: the user has to consent");
        }
        Map<UserLocale, ConsentText> details = consentTexts(problems, path, form);
        Instant timestamp = timestamp(problems, path + ".timestamp", form.timestamp());
        IpAddress ip = problems.parse(path + ".userIp", () -> IpAddress.parse(form.userIp()));
        problems.parse(path + ".userAgent", () -> {
            ConsentContext.checkUserAgent(userAgent);
            return null;
        });
        // Asked of the keys as sent (read like every value): a text in the user's locale with a problem of its own
        // is reported at its path.
        if (locale != null && form.details() != null && !form.details().isEmpty()
                && form.details().keySet().stream().map(Spaces::strip).noneMatch(locale.code()::equals)) {
            problems.add(path + ".details", "must hold the consent text for the user's locale " + locale.code());
        }
        if (timestamp != null && timestamp.isAfter(clock.instant().plus(Consent.ALLOWED_CLOCK_SKEW))) {
            problems.add(path + ".timestamp", "must not be in the future");
        }
        if (problems.errors().size() > before) {
            return null;
        }
        return new ConsentRecord(entity, consentType, true, details, timestamp,
                new ConsentContext(userAgent, ip, form.deviceDetails()));
    }

    private static Map<UserLocale, ConsentText> consentTexts(Problems problems, String path, ConsentForm form) {
        Map<UserLocale, ConsentText> details = new EnumMap<>(UserLocale.class);
        if (form.details() == null || form.details().isEmpty()) {
            problems.add(path + ".details", "must hold the consent text for at least one locale");
            return details;
        }
        for (Map.Entry<String, ConsentTextForm> entry : form.details().entrySet()) {
            if (!UserLocale.isShapedLike(entry.getKey())) {
                // Not repeated in the field: a key of any text (a NIK, a name) would be echoed in the answer.
                problems.add(path + ".details", "holds a key that is not a locale: use en_ID or id_ID");
                continue;
            }
            String key = Spaces.strip(entry.getKey());
            String localePath = path + ".details." + key;
            UserLocale textLocale = problems.parse(localePath, () -> UserLocale.parse(key));
            ConsentTextForm text = entry.getValue();
            if (text == null) {
                problems.add(localePath, "is required");
                continue;
            }
            ConsentText parsed = ConsentText.parse(problems, localePath, text.url(), text.text());
            if (textLocale != null && parsed != null && details.put(textLocale, parsed) != null) {
                // Two keys that differ only in spaces around them: which text the user saw cannot be told.
                problems.add(localePath, "is given twice, under keys that differ only in spaces");
            }
        }
        return details;
    }

    private static Instant timestamp(Problems problems, String path, String text) {
        if (Spaces.isBlank(text)) {
            problems.add(path, "is required");
            return null;
        }
        String trimmed = Spaces.strip(text);
        Instant timestamp;
        boolean digits = trimmed.chars().allMatch(Character::isDigit);
        try {
            timestamp = digits ? Instant.ofEpochMilli(Long.parseLong(trimmed)) : Instant.parse(trimmed);
        } catch (DateTimeException | NumberFormatException e) {
            problems.add(path, "must be epoch milliseconds or an ISO-8601 instant");
            return null;
        }
        // Epoch seconds (the form of the platform's own examples) read as milliseconds land in January 1970.
        if (timestamp.isBefore(EARLIEST_CONSENT)) {
            problems.add(path, digits
                    ? "must be epoch milliseconds at or after " + EARLIEST_CONSENT + " (epoch seconds read as 1970)"
                    : "must not be before " + EARLIEST_CONSENT);
            return null;
        }
        return timestamp;
    }

    private static URI redirection(Problems problems, String path, String text, LaunchSource source) {
        if (Spaces.isBlank(text)) {
            if (source == LaunchSource.WEB_SDK) {
                problems.add(path, "is required for WEB_SDK");
            }
            return null;
        }
        try {
            URI uri = new URI(Spaces.strip(text));
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                problems.add(path, "must be an absolute http(s) URL");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(path, "must be an absolute http(s) URL");
            return null;
        }
    }

    private DocumentFacts document(Problems problems, DocumentKind kind, DocumentSource source) {
        String field = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (source == null) {
            problems.add(field, "is required");
            return null;
        }
        return problems.parse(field, () -> inspector.inspect(kind, source));
    }
}
