package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig.ConsentTimestampUnit;
import dev.onekycbridge.core.identity.ConsentContext;
import dev.onekycbridge.core.identity.ConsentRecord;
import dev.onekycbridge.core.identity.ConsentText;
import dev.onekycbridge.core.identity.ContactDetails;
import dev.onekycbridge.core.identity.ContactVerification;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request bodies, as Moshi writes them: field names and JSON types exactly as onekyc-api.md §3.4, §6.4 and
 * §7.1 give them. Absent optional fields (null) are left out. The records are public only because Moshi needs
 * public record types; the class that holds them is not.
 */
final class WireRequests {
    private WireRequests() {
    }

    // ---- Esign confirm upload (§3.4) ----

    public record EsignConfirm(String submissionId, Metadata metadata) {
    }

    public record Metadata(UserDetails userDetails, String userLocale, List<Consent> consentData,
                           Map<String, Object> additionalData) {
    }

    /** {@code nik} is a JSON number (int64), as the schema requires. */
    public record UserDetails(String name, long nik, String dateOfBirth, String email, String phoneNumber,
                              DataVerification dataVerification) {
    }

    public record DataVerification(Verification email, Verification phoneNumber) {
    }

    public record Verification(boolean isVerified, String verificationReferenceId) {
    }

    public record Consent(String entity, String consentType, boolean consentGiven, Map<String, Text> details,
                          long timeStamp, ConsentDetails additionalDetails) {
    }

    public record Text(String url, String text) {
    }

    public record ConsentDetails(String userAgent, String userIp, Device deviceDetails) {
    }

    public record Device(String os, String make, String model, String uniqueId, String networkProvider,
                         String appId, String appVersion) {
    }

    // ---- COE confirm upload (§6.4) ----

    public record CoeConfirm(String submissionId, Map<String, Object> metadata) {
    }

    // ---- Initiate flow (§7.1) ----

    /**
     * {@code userLocale} goes both inside {@code additionalDetails} (the schema) and at the top level (the
     * integration guide's example), §10.14.
     */
    public record InitiateFlow(String flow, String source, String successRedirectionUrl,
                               String failureRedirectionUrl, InitiateDetails additionalDetails, String userLocale) {
    }

    public record InitiateDetails(String email, String phoneNumber, DataVerification dataVerification,
                                  String userLocale) {
    }

    // ---- mapping from the core ----

    static EsignConfirm esignConfirm(String submissionId, CertificateRegistrationInput input,
                                     ConsentTimestampUnit unit) {
        var applicant = input.applicant();
        ContactDetails contact = applicant.contact();
        UserDetails user = new UserDetails(
                applicant.name().value(),
                applicant.nik().asNumber(),
                applicant.dateOfBirth().wireFormat(),
                contact.email() == null ? null : contact.email().value(),
                contact.phoneNumber() == null ? null : contact.phoneNumber().value(),
                dataVerification(contact));
        List<Consent> consents = new ArrayList<>();
        for (ConsentRecord record : input.consent().records()) {
            consents.add(consent(record, unit));
        }
        return new EsignConfirm(submissionId,
                new Metadata(user, input.locale().code(), consents, jsonSafe(input.additionalData())));
    }

    static CoeConfirm coeConfirm(String submissionId) {
        return new CoeConfirm(submissionId, Map.of());
    }

    static InitiateFlow initiateFlow(IdentityVerificationInput input) {
        ContactDetails contact = input.contact();
        String locale = input.locale().code();
        return new InitiateFlow(Wire.FLOW_SIV, input.source().name(),
                text(input.successRedirectionUrl()), text(input.failureRedirectionUrl()),
                new InitiateDetails(
                        contact.email() == null ? null : contact.email().value(),
                        contact.phoneNumber() == null ? null : contact.phoneNumber().value(),
                        dataVerification(contact),
                        locale),
                locale);
    }

    private static DataVerification dataVerification(ContactDetails contact) {
        var verification = contact.dataVerification();
        return new DataVerification(
                contact.email() == null ? null : verification(verification.email()),
                contact.phoneNumber() == null ? null : verification(verification.phoneNumber()));
    }

    private static Verification verification(ContactVerification verification) {
        return verification == null ? null
                : new Verification(verification.verified(), verification.referenceId());
    }

    private static Consent consent(ConsentRecord record, ConsentTimestampUnit unit) {
        Map<String, Text> details = new LinkedHashMap<>();
        for (UserLocale locale : UserLocale.values()) {
            ConsentText text = record.details().get(locale);
            if (text != null) {
                details.put(locale.code(), new Text(text.url().toString(), text.text()));
            }
        }
        long timeStamp = unit == ConsentTimestampUnit.SECONDS
                ? record.timestamp().getEpochSecond()
                : record.timestamp().toEpochMilli();
        ConsentContext context = record.context();
        DeviceDetails device = context.deviceDetails();
        return new Consent(record.entity(), record.consentType(), record.consentGiven(), details, timeStamp,
                new ConsentDetails(context.userAgent(), context.userIp().value(), device == null ? null
                        : new Device(device.os(), device.make(), device.model(), device.uniqueId(),
                                device.networkProvider(), device.appId(), device.appVersion())));
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    /**
     * Free-form partner data in the types Moshi writes without help: strings, booleans, numbers (kept exact),
     * lists and maps. Anything else is written as its text.
     */
    static Map<String, Object> jsonSafe(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((key, value) -> copy.put(String.valueOf(key), jsonValue(value)));
        }
        return copy;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float) {
            return value;
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                return decimal.doubleValue();
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), jsonValue(item)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            collection.forEach(item -> copy.add(jsonValue(item)));
            return copy;
        }
        return String.valueOf(value);
    }
}
