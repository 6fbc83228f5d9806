package dev.onekycbridge.adapter.persistence;

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
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.LaunchSource;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.submission.VerificationResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a submission's nested values: the input (every flow's, with its consent records), the
 * outcome's KTP data, verification result and certificate registration, and the verification launch. Absent
 * values are left out. Reading rebuilds the core's value objects, which validate again.
 *
 * <p>The partner's free-form {@code additionalData} is written in a typed form (each value tagged with its Java
 * type) so that it comes back exactly as it was given: an {@code Integer} stays an {@code Integer}.
 */
final class SnapshotCodec {
    private SnapshotCodec() {
    }

    /**
     * The personal part of a submission: what is encrypted in one blob. The request fingerprint is among it: a
     * plain hash of a request's few values (a phone number, an e-mail) can be reversed by trying them all. So is
     * what the outcome's plain columns withhold ({@link WithheldOutcome}; {@link WithheldOutcome#NONE} if nothing).
     */
    record Personal(SubmissionInput input, KtpData ktpData, VerificationLaunch launch, String requestFingerprint,
                    WithheldOutcome outcome) {
        Personal {
            outcome = outcome == null ? WithheldOutcome.NONE : outcome;
        }

        Personal(SubmissionInput input, KtpData ktpData, VerificationLaunch launch, String requestFingerprint) {
            this(input, ktpData, launch, requestFingerprint, WithheldOutcome.NONE);
        }

        boolean isEmpty() {
            return input == null && ktpData == null && launch == null && requestFingerprint == null
                    && outcome.isEmpty();
        }
    }

    // ---- the personal blob ----

    static String writePersonal(Personal personal) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "input", personal.input() == null ? null : input(personal.input()));
        put(json, "ktpData", personal.ktpData() == null ? null : ktpData(personal.ktpData()));
        put(json, "launch", personal.launch() == null ? null : launch(personal.launch()));
        put(json, "requestFingerprint", personal.requestFingerprint());
        put(json, "outcome", personal.outcome().isEmpty() ? null : withheldOutcome(personal.outcome()));
        return Json.write(json);
    }

    static Personal readPersonal(String text) {
        Map<String, Object> json = object(Json.parse(text), "personal data");
        Map<String, Object> input = optObject(json, "input");
        Map<String, Object> ktp = optObject(json, "ktpData");
        Map<String, Object> launch = optObject(json, "launch");
        Map<String, Object> outcome = optObject(json, "outcome");
        return new Personal(input == null ? null : readInput(input), ktp == null ? null : readKtpData(ktp),
                launch == null ? null : readLaunch(launch), optString(json, "requestFingerprint"),
                outcome == null ? null : readWithheldOutcome(outcome));
    }

    /**
     * The personal data {@code personalJson} with {@code fingerprint} as its request fingerprint, unless it holds
     * one already; the rest as it was, without reading it into values.
     */
    static String withRequestFingerprint(String personalJson, String fingerprint) {
        Map<String, Object> json = object(Json.parse(personalJson), "personal data");
        json.putIfAbsent("requestFingerprint", fingerprint);
        return Json.write(json);
    }

    private static Map<String, Object> withheldOutcome(WithheldOutcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "status", outcome.status());
        put(json, "result", outcome.result());
        put(json, "reasonCode", outcome.reasonCode());
        put(json, "verification", outcome.verification() == null ? null : verification(outcome.verification()));
        put(json, "registrationId", outcome.registrationId());
        put(json, "onboardingCode", outcome.onboardingCode());
        put(json, "rejectionTexts", outcome.rejectionTexts().isEmpty() ? null
                : rejectionTexts(outcome.rejectionTexts()));
        return json;
    }

    private static WithheldOutcome readWithheldOutcome(Map<String, Object> json) {
        Map<String, Object> verification = optObject(json, "verification");
        Map<String, Object> texts = optObject(json, "rejectionTexts");
        return new WithheldOutcome(optString(json, "status"), optString(json, "result"),
                optString(json, "reasonCode"), verification == null ? null : readVerification(verification),
                optString(json, "registrationId"), optString(json, "onboardingCode"),
                texts == null ? null : readRejectionTexts(texts));
    }

    // ---- the outcome's plain parts ----

    static String writeVerification(VerificationResult result) {
        return result == null ? null : Json.write(verification(result));
    }

    private static Map<String, Object> verification(VerificationResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "nik", result.nik());
        put(json, "name", result.name());
        put(json, "dateOfBirth", result.dateOfBirth());
        put(json, "selfie", result.selfie());
        return json;
    }

    static VerificationResult readVerification(String text) {
        return text == null ? null : readVerification(object(Json.parse(text), "verification result"));
    }

    private static VerificationResult readVerification(Map<String, Object> json) {
        return new VerificationResult(optString(json, "nik"), optString(json, "name"),
                optString(json, "dateOfBirth"), optString(json, "selfie"));
    }

    /** The rejection texts as JSON by locale; null when there are none. */
    static String writeRejectionTexts(Map<String, RejectionText> texts) {
        return texts.isEmpty() ? null : Json.write(rejectionTexts(texts));
    }

    private static Map<String, Object> rejectionTexts(Map<String, RejectionText> texts) {
        Map<String, Object> json = new LinkedHashMap<>();
        texts.forEach((locale, text) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            put(entry, "title", text.title());
            put(entry, "message", text.message());
            json.put(locale, entry);
        });
        return json;
    }

    static Map<String, RejectionText> readRejectionTexts(String text) {
        return text == null ? Map.of() : readRejectionTexts(object(Json.parse(text), "rejection texts"));
    }

    private static Map<String, RejectionText> readRejectionTexts(Map<String, Object> json) {
        Map<String, RejectionText> texts = new LinkedHashMap<>();
        json.forEach((locale, value) -> {
            Map<String, Object> entry = object(value, "rejection text");
            texts.put(locale, new RejectionText(optString(entry, "title"), optString(entry, "message")));
        });
        return texts;
    }

    static String writeCertificate(CertificateRegistration registration) {
        if (registration == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "registrationId", registration.registrationId());
        put(json, "eligibleToActivate", registration.eligibleToActivate());
        put(json, "shouldSkipActivation", registration.shouldSkipActivation());
        put(json, "onboardingCode", registration.onboardingCode());
        return Json.write(json);
    }

    static CertificateRegistration readCertificate(String text) {
        if (text == null) {
            return null;
        }
        Map<String, Object> json = object(Json.parse(text), "certificate registration");
        return new CertificateRegistration(optString(json, "registrationId"), optBoolean(json, "eligibleToActivate"),
                optBoolean(json, "shouldSkipActivation"), optString(json, "onboardingCode"));
    }

    // ---- inputs ----

    static Map<String, Object> input(SubmissionInput input) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("flow", input.flow().name());
        if (input instanceof CertificateRegistrationInput registration) {
            json.put("applicant", applicant(registration.applicant()));
            json.put("locale", registration.locale().name());
            List<Object> records = new ArrayList<>();
            registration.consent().records().forEach(record -> records.add(consentRecord(record)));
            json.put("consent", records);
            json.put("additionalData", typed(registration.additionalData()));
        } else if (input instanceof IdentityVerificationInput verification) {
            json.put("contact", contact(verification.contact()));
            json.put("source", verification.source().name());
            put(json, "successRedirectionUrl", text(verification.successRedirectionUrl()));
            put(json, "failureRedirectionUrl", text(verification.failureRedirectionUrl()));
            json.put("locale", verification.locale().name());
        } else if (!(input instanceof KtpScanInput)) {
            throw new IllegalArgumentException("no JSON form for " + input.getClass().getSimpleName());
        }
        return json;
    }

    static SubmissionInput readInput(Map<String, Object> json) {
        FlowType flow = FlowType.valueOf(string(json, "flow"));
        return switch (flow) {
            case CERT_REG -> {
                List<ConsentRecord> records = new ArrayList<>();
                for (Object record : list(json, "consent")) {
                    records.add(readConsentRecord(object(record, "consent record")));
                }
                Object additional = readTyped(json.get("additionalData"));
                @SuppressWarnings("unchecked")
                Map<String, Object> additionalData = additional == null ? Map.of() : (Map<String, Object>) additional;
                yield new CertificateRegistrationInput(readApplicant(object(json.get("applicant"), "applicant")),
                        UserLocale.valueOf(string(json, "locale")), new Consent(records), additionalData);
            }
            case KTP_SCAN -> new KtpScanInput();
            case SIV -> new IdentityVerificationInput(readContact(object(json.get("contact"), "contact")),
                    LaunchSource.valueOf(string(json, "source")), optUri(json, "successRedirectionUrl"),
                    optUri(json, "failureRedirectionUrl"), UserLocale.valueOf(string(json, "locale")));
        };
    }

    private static Map<String, Object> applicant(ApplicantDetails applicant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", applicant.name().value());
        json.put("nik", applicant.nik().value());
        json.put("dateOfBirth", applicant.dateOfBirth().date().toString());
        json.put("contact", contact(applicant.contact()));
        return json;
    }

    private static ApplicantDetails readApplicant(Map<String, Object> json) {
        return new ApplicantDetails(new PersonName(string(json, "name")), new Nik(string(json, "nik")),
                new DateOfBirth(LocalDate.parse(string(json, "dateOfBirth"))),
                readContact(object(json.get("contact"), "contact")));
    }

    private static Map<String, Object> contact(ContactDetails contact) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "email", contact.email() == null ? null : contact.email().value());
        put(json, "phoneNumber", contact.phoneNumber() == null ? null : contact.phoneNumber().value());
        Map<String, Object> verification = new LinkedHashMap<>();
        put(verification, "email", contactVerification(contact.dataVerification().email()));
        put(verification, "phoneNumber", contactVerification(contact.dataVerification().phoneNumber()));
        json.put("dataVerification", verification);
        return json;
    }

    private static ContactDetails readContact(Map<String, Object> json) {
        String email = optString(json, "email");
        String phone = optString(json, "phoneNumber");
        Map<String, Object> verification = object(json.get("dataVerification"), "dataVerification");
        return new ContactDetails(email == null ? null : new Email(email),
                phone == null ? null : new PhoneNumber(phone),
                new DataVerification(readContactVerification(optObject(verification, "email")),
                        readContactVerification(optObject(verification, "phoneNumber"))));
    }

    private static Map<String, Object> contactVerification(ContactVerification verification) {
        if (verification == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verified", verification.verified());
        json.put("referenceId", verification.referenceId());
        return json;
    }

    private static ContactVerification readContactVerification(Map<String, Object> json) {
        return json == null ? null
                : new ContactVerification(bool(json, "verified"), string(json, "referenceId"));
    }

    private static Map<String, Object> consentRecord(ConsentRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entity", record.entity());
        json.put("consentType", record.consentType());
        json.put("consentGiven", record.consentGiven());
        Map<String, Object> details = new LinkedHashMap<>();
        new EnumMap<>(record.details()).forEach((locale, text) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("url", text.url().toString());
            detail.put("text", text.text());
            details.put(locale.name(), detail);
        });
        json.put("details", details);
        json.put("timestamp", record.timestamp().toString());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("userAgent", record.context().userAgent());
        context.put("userIp", record.context().userIp().value());
        put(context, "deviceDetails", deviceDetails(record.context().deviceDetails()));
        json.put("context", context);
        return json;
    }

    private static ConsentRecord readConsentRecord(Map<String, Object> json) {
        Map<UserLocale, ConsentText> details = new EnumMap<>(UserLocale.class);
        object(json.get("details"), "details").forEach((locale, value) -> {
            Map<String, Object> detail = object(value, "consent text");
            details.put(UserLocale.valueOf(locale), new ConsentText(URI.create(string(detail, "url")),
                    string(detail, "text")));
        });
        Map<String, Object> context = object(json.get("context"), "consent context");
        return new ConsentRecord(string(json, "entity"), string(json, "consentType"), bool(json, "consentGiven"),
                details, Instant.parse(string(json, "timestamp")),
                new ConsentContext(string(context, "userAgent"), new IpAddress(string(context, "userIp")),
                        readDeviceDetails(optObject(context, "deviceDetails"))));
    }

    private static Map<String, Object> deviceDetails(DeviceDetails device) {
        if (device == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "os", device.os());
        put(json, "make", device.make());
        put(json, "model", device.model());
        put(json, "uniqueId", device.uniqueId());
        put(json, "networkProvider", device.networkProvider());
        put(json, "appId", device.appId());
        put(json, "appVersion", device.appVersion());
        return json;
    }

    private static DeviceDetails readDeviceDetails(Map<String, Object> json) {
        return json == null ? null
                : new DeviceDetails(optString(json, "os"), optString(json, "make"), optString(json, "model"),
                        optString(json, "uniqueId"), optString(json, "networkProvider"), optString(json, "appId"),
                        optString(json, "appVersion"));
    }

    // ---- outcome and launch ----

    static Map<String, Object> ktpData(KtpData ktp) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "nik", ktp.nik());
        put(json, "name", ktp.name());
        put(json, "region", ktp.region());
        put(json, "dateOfBirth", ktp.dateOfBirth());
        put(json, "bloodType", ktp.bloodType());
        put(json, "religion", ktp.religion());
        put(json, "province", ktp.province());
        put(json, "city", ktp.city());
        put(json, "address", ktp.address());
        put(json, "district", ktp.district());
        put(json, "town", ktp.town());
        put(json, "gender", ktp.gender());
        put(json, "rt", ktp.rt());
        put(json, "rw", ktp.rw());
        put(json, "occupation", ktp.occupation());
        put(json, "validUntil", ktp.validUntil());
        put(json, "citizenship", ktp.citizenship());
        put(json, "maritalStatus", ktp.maritalStatus());
        put(json, "issuanceDate", ktp.issuanceDate());
        return json;
    }

    static KtpData readKtpData(Map<String, Object> json) {
        return new KtpData(optString(json, "nik"), optString(json, "name"), optString(json, "region"),
                optString(json, "dateOfBirth"), optString(json, "bloodType"), optString(json, "religion"),
                optString(json, "province"), optString(json, "city"), optString(json, "address"),
                optString(json, "district"), optString(json, "town"), optString(json, "gender"),
                optString(json, "rt"), optString(json, "rw"), optString(json, "occupation"),
                optString(json, "validUntil"), optString(json, "citizenship"), optString(json, "maritalStatus"),
                optString(json, "issuanceDate"));
    }

    static Map<String, Object> launch(VerificationLaunch launch) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "sdkToken", launch.sdkToken());
        put(json, "launchUrl", text(launch.launchUrl()));
        put(json, "expiresAt", launch.expiresAt() == null ? null : launch.expiresAt().toString());
        return json;
    }

    static VerificationLaunch readLaunch(Map<String, Object> json) {
        String expiresAt = optString(json, "expiresAt");
        return new VerificationLaunch(optString(json, "sdkToken"), optUri(json, "launchUrl"),
                expiresAt == null ? null : Instant.parse(expiresAt));
    }

    // ---- additionalData, typed ----

    /** A value as a one-entry object whose key names its Java type. */
    static Map<String, Object> typed(Object value) {
        Map<String, Object> json = new LinkedHashMap<>(2);
        if (value == null) {
            json.put("null", null);
        } else if (value instanceof String text) {
            json.put("s", text);
        } else if (value instanceof Boolean bool) {
            json.put("b", bool);
        } else if (value instanceof Integer number) {
            json.put("i", number.toString());
        } else if (value instanceof Long number) {
            json.put("l", number.toString());
        } else if (value instanceof Short number) {
            json.put("sh", number.toString());
        } else if (value instanceof Byte number) {
            json.put("by", number.toString());
        } else if (value instanceof Double number) {
            json.put("d", number.toString());
        } else if (value instanceof Float number) {
            json.put("f", number.toString());
        } else if (value instanceof BigDecimal number) {
            json.put("bd", number.toString());
        } else if (value instanceof BigInteger number) {
            json.put("bi", number.toString());
        } else if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(typed(item)));
            json.put("L", items);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException("additionalData map keys must be strings");
                }
                entries.put(name, typed(item));
            });
            json.put("M", entries);
        } else {
            throw new IllegalArgumentException("additionalData cannot hold a " + value.getClass().getSimpleName()
                    + ": strings, numbers, booleans, lists and maps only");
        }
        return json;
    }

    static Object readTyped(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, Object> json = object(node, "additionalData value");
        if (json.size() != 1) {
            throw new IllegalStateException("stored additionalData is malformed");
        }
        Map.Entry<String, Object> entry = json.entrySet().iterator().next();
        Object value = entry.getValue();
        return switch (entry.getKey()) {
            case "null" -> null;
            case "s" -> (String) value;
            case "b" -> (Boolean) value;
            case "i" -> Integer.valueOf((String) value);
            case "l" -> Long.valueOf((String) value);
            case "sh" -> Short.valueOf((String) value);
            case "by" -> Byte.valueOf((String) value);
            case "d" -> Double.valueOf((String) value);
            case "f" -> Float.valueOf((String) value);
            case "bd" -> new BigDecimal((String) value);
            case "bi" -> new BigInteger((String) value);
            case "L" -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    items.add(readTyped(item));
                }
                yield items;
            }
            case "M" -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                object(value, "additionalData map").forEach((key, item) -> entries.put(key, readTyped(item)));
                yield entries;
            }
            default -> throw new IllegalStateException("stored additionalData has an unknown type tag");
        };
    }

    // ---- helpers ----

    private static void put(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalStateException("stored " + what + " is not a JSON object");
        }
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> optObject(Map<String, Object> json, String key) {
        Object node = json.get(key);
        return node == null ? null : object(node, key);
    }

    private static List<?> list(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof List<?> list)) {
            throw new IllegalStateException("stored " + key + " is not a JSON array");
        }
        return list;
    }

    private static String string(Map<String, Object> json, String key) {
        String value = optString(json, key);
        if (value == null) {
            throw new IllegalStateException("stored " + key + " is missing");
        }
        return value;
    }

    private static String optString(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalStateException("stored " + key + " is not a string");
        }
        return (String) value;
    }

    private static boolean bool(Map<String, Object> json, String key) {
        Boolean value = optBoolean(json, key);
        if (value == null) {
            throw new IllegalStateException("stored " + key + " is missing");
        }
        return value;
    }

    private static Boolean optBoolean(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalStateException("stored " + key + " is not a boolean");
        }
        return (Boolean) value;
    }

    private static URI optUri(Map<String, Object> json, String key) {
        String value = optString(json, key);
        return value == null ? null : URI.create(value);
    }
}
