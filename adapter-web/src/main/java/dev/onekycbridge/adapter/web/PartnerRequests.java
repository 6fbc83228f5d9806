package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the partner API's JSON into the core's commands. Only the shape is checked here (an object where an
 * object belongs, text where text belongs, no member an object does not take), and every shape problem is
 * reported at once as a 400; the values themselves are the core's to judge (422). Field paths use the JSON's
 * names, e.g. {@code consentData[0].additionalDetails.userIp}.
 */
final class PartnerRequests {
    private static final Pattern CONSENT_CONTEXT = Pattern.compile(
            "^(consentData\\[\\d+])\\.(userAgent|userIp|deviceDetails)(.*)$");
    private static final Pattern CONSENT_TIMESTAMP = Pattern.compile("^(consentData\\[\\d+])\\.timestamp$");
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private PartnerRequests() {
    }

    /**
     * Parses a JSON object, or adds an error for {@code field} and returns null. A key the object names twice adds
     * an error too, but the object is returned (holding the last value, as Vert.x keeps it): its members are still
     * to be checked, so that the answer lists their problems with the repeat, not on the next attempt. JSON as
     * RFC 8259 has it: a comment (slash-star, two slashes, or a hash) makes the text malformed, as it is for any
     * strict JSON parser. One byte-order mark before it, which some editors and tools write first, is no part of
     * it: the request reads, and is fingerprinted, as the same JSON without it.
     */
    static JsonObject object(String text, String field, List<FieldError> errors) {
        if (text != null && text.startsWith(BYTE_ORDER_MARK)) {
            text = text.substring(1);
        }
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            // Decoded and searched for repeats by one parser, which takes no comments: a text the search cannot
            // read is never taken.
            if (!(DuplicateKeys.decode(text) instanceof JsonObject json)) {
                errors.add(new FieldError(field, "must be a JSON object"));
                return null;
            }
            List<DuplicateKeys.Repeat> repeated = DuplicateKeys.in(text);
            repeated.forEach(repeat -> errors.add(repeat.exact()
                    ? new FieldError(repeat.path(), "is given more than once")
                    : new FieldError(repeat.path().isEmpty() ? field : repeat.path(), "names a key more than once")));
            return json;
        } catch (DecodeException e) {
            // Not an object; the parser's message would quote the input, so it is not passed on.
            errors.add(new FieldError(field, "must be a JSON object"));
            return null;
        }
    }

    static StartCertificateRegistration certificateRegistration(JsonObject details, DocumentSource ktp,
                                                                DocumentSource selfie, String idempotencyKey) {
        return certificateRegistration(details, ktp, selfie, idempotencyKey, List.of());
    }

    /** @param earlier problems already found in the request (a repeated key, a missing part), answered with these */
    static StartCertificateRegistration certificateRegistration(JsonObject details, DocumentSource ktp,
                                                                DocumentSource selfie, String idempotencyKey,
                                                                List<FieldError> earlier) {
        Reader in = new Reader("details", earlier);
        in.onlyMembers(details, "", "partnerUserId", "partnerUserIdType", "userDetails", "userLocale", "consentData",
                "additionalData");
        String partnerUserId = in.text(details, "partnerUserId", "partnerUserId");
        String partnerUserIdType = in.text(details, "partnerUserIdType", "partnerUserIdType");
        UserDetailsForm userDetails = null;
        JsonObject user = in.object(details, "userDetails", "userDetails");
        if (user != null) {
            in.onlyMembers(user, "userDetails", "name", "nik", "dateOfBirth", "email", "phoneNumber",
                    "dataVerification");
            userDetails = new UserDetailsForm(
                    in.text(user, "name", "userDetails.name"),
                    in.textOrNumber(user, "nik", "userDetails.nik"),
                    in.text(user, "dateOfBirth", "userDetails.dateOfBirth"),
                    in.text(user, "email", "userDetails.email"),
                    in.text(user, "phoneNumber", "userDetails.phoneNumber"),
                    dataVerification(in, user, "userDetails.dataVerification"));
        }
        String userLocale = in.text(details, "userLocale", "userLocale");
        List<ConsentForm> consentData = null;
        JsonArray consents = in.array(details, "consentData", "consentData");
        if (consents != null) {
            consentData = new ArrayList<>();
            for (int i = 0; i < consents.size(); i++) {
                consentData.add(consent(in, consents.getValue(i), "consentData[" + i + "]"));
            }
        }
        JsonObject additional = in.object(details, "additionalData", "additionalData");
        Map<String, Object> additionalData = additional == null ? null : plainMap(additional);
        in.throwIfAny();
        return new StartCertificateRegistration(partnerUserId, partnerUserIdType, userDetails, userLocale,
                consentData, additionalData, ktp, selfie, idempotencyKey);
    }

    static StartKtpScan ktpScan(JsonObject details, DocumentSource ktp, String idempotencyKey) {
        return ktpScan(details, ktp, idempotencyKey, List.of());
    }

    static StartKtpScan ktpScan(JsonObject details, DocumentSource ktp, String idempotencyKey,
                                List<FieldError> earlier) {
        Reader in = new Reader("details", earlier);
        in.onlyMembers(details, "", "partnerUserId", "partnerUserIdType");
        String partnerUserId = in.text(details, "partnerUserId", "partnerUserId");
        String partnerUserIdType = in.text(details, "partnerUserIdType", "partnerUserIdType");
        in.throwIfAny();
        return new StartKtpScan(partnerUserId, partnerUserIdType, ktp, idempotencyKey);
    }

    static StartIdentityVerification identityVerification(JsonObject body, String idempotencyKey) {
        return identityVerification(body, idempotencyKey, List.of());
    }

    static StartIdentityVerification identityVerification(JsonObject body, String idempotencyKey,
                                                          List<FieldError> earlier) {
        Reader in = new Reader("body", earlier);
        in.onlyMembers(body, "", "partnerUserId", "partnerUserIdType", "email", "phoneNumber", "dataVerification",
                "source", "successRedirectionUrl", "failureRedirectionUrl", "userLocale");
        StartIdentityVerification command = new StartIdentityVerification(
                in.text(body, "partnerUserId", "partnerUserId"),
                in.text(body, "partnerUserIdType", "partnerUserIdType"),
                in.text(body, "email", "email"),
                in.text(body, "phoneNumber", "phoneNumber"),
                dataVerification(in, body, "dataVerification"),
                in.text(body, "source", "source"),
                in.text(body, "successRedirectionUrl", "successRedirectionUrl"),
                in.text(body, "failureRedirectionUrl", "failureRedirectionUrl"),
                in.text(body, "userLocale", "userLocale"),
                idempotencyKey);
        in.throwIfAny();
        return command;
    }

    /**
     * The core names consent fields as its form does ({@code consentData[0].userIp}); the partner sent them
     * under the platform's names ({@code consentData[0].additionalDetails.userIp}, {@code timeStamp}).
     */
    static ValidationException withWireNames(ValidationException e) {
        List<FieldError> renamed = e.errors().stream()
                .map(error -> new FieldError(wireName(error.field()), error.message()))
                .toList();
        return new ValidationException(renamed);
    }

    static String wireName(String field) {
        var context = CONSENT_CONTEXT.matcher(field);
        if (context.matches()) {
            return context.group(1) + ".additionalDetails." + context.group(2) + context.group(3);
        }
        var timestamp = CONSENT_TIMESTAMP.matcher(field);
        if (timestamp.matches()) {
            return timestamp.group(1) + ".timeStamp";
        }
        return field;
    }

    private static DataVerificationForm dataVerification(Reader in, JsonObject parent, String path) {
        JsonObject verification = in.object(parent, "dataVerification", path);
        if (verification == null) {
            return null;
        }
        in.onlyMembers(verification, path, "email", "phoneNumber");
        return new DataVerificationForm(
                contactVerification(in, verification, "email", path + ".email"),
                contactVerification(in, verification, "phoneNumber", path + ".phoneNumber"));
    }

    private static VerificationForm contactVerification(Reader in, JsonObject parent, String key, String path) {
        JsonObject form = in.object(parent, key, path);
        if (form == null) {
            return null;
        }
        in.onlyMembers(form, path, "isVerified", "verificationReferenceId");
        return new VerificationForm(in.bool(form, "isVerified", path + ".isVerified"),
                in.text(form, "verificationReferenceId", path + ".verificationReferenceId"));
    }

    private static ConsentForm consent(Reader in, Object value, String path) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject form)) {
            in.error(path, "must be an object");
            return null;
        }
        in.onlyMembers(form, path, "entity", "consentType", "consentGiven", "details", "timeStamp", "timestamp",
                "additionalDetails");
        Map<String, ConsentTextForm> texts = null;
        JsonObject details = in.object(form, "details", path + ".details");
        if (details != null) {
            texts = new LinkedHashMap<>();
            for (String locale : details.fieldNames()) {
                if (!UserLocale.isShapedLike(locale)) {
                    // The core refuses it (422) without repeating it; its value, of whatever type, is not read.
                    texts.put(locale, null);
                    continue;
                }
                String localePath = path + ".details." + locale;
                JsonObject text = in.object(details, locale, localePath);
                if (text == null) {
                    texts.put(locale, null);
                    continue;
                }
                in.onlyMembers(text, localePath, "url", "text");
                texts.put(locale, new ConsentTextForm(
                        in.text(text, "url", localePath + ".url"), in.text(text, "text", localePath + ".text")));
            }
        }
        String timestamp = null;
        if (form.containsKey("timeStamp") && form.containsKey("timestamp")) {
            // Which was meant cannot be told, as with a key given twice.
            in.error(path + ".timeStamp", "is given twice, as timeStamp and as timestamp");
        } else {
            timestamp = form.containsKey("timeStamp") ? in.textOrNumber(form, "timeStamp", path + ".timeStamp")
                    : in.textOrNumber(form, "timestamp", path + ".timeStamp");
        }
        String userAgent = null;
        String userIp = null;
        DeviceDetails device = null;
        String additionalPath = path + ".additionalDetails";
        JsonObject additional = in.object(form, "additionalDetails", additionalPath);
        if (additional != null) {
            in.onlyMembers(additional, additionalPath, "userAgent", "userIp", "deviceDetails");
            userAgent = in.text(additional, "userAgent", additionalPath + ".userAgent");
            userIp = in.text(additional, "userIp", additionalPath + ".userIp");
            String devicePath = additionalPath + ".deviceDetails";
            JsonObject d = in.object(additional, "deviceDetails", devicePath);
            if (d != null) {
                in.onlyMembers(d, devicePath, "os", "make", "model", "uniqueId", "networkProvider", "appId",
                        "appVersion");
                device = new DeviceDetails(in.text(d, "os", devicePath + ".os"),
                        in.text(d, "make", devicePath + ".make"), in.text(d, "model", devicePath + ".model"),
                        in.text(d, "uniqueId", devicePath + ".uniqueId"),
                        in.text(d, "networkProvider", devicePath + ".networkProvider"),
                        in.text(d, "appId", devicePath + ".appId"),
                        in.text(d, "appVersion", devicePath + ".appVersion"));
            }
        }
        return new ConsentForm(in.text(form, "entity", path + ".entity"),
                in.text(form, "consentType", path + ".consentType"),
                in.bool(form, "consentGiven", path + ".consentGiven"), texts, timestamp, userAgent, userIp, device);
    }

    /** Free-form JSON as plain maps and lists, without nulls (the core keeps only values). */
    static Map<String, Object> plainMap(JsonObject json) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : json.fieldNames()) {
            Object value = plain(json.getValue(name));
            if (value != null) {
                map.put(name, value);
            }
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return plainMap(object);
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                Object item = plain(array.getValue(i));
                if (item != null) {
                    list.add(item);
                }
            }
            return list;
        }
        return value;
    }

    /** Shape-checking accessors that collect every problem. */
    private static final class Reader {
        private final List<FieldError> errors = new ArrayList<>();
        /** The field that names the whole object read ({@code details}, {@code body}). */
        private final String whole;

        Reader(String whole, List<FieldError> earlier) {
            this.whole = whole;
            errors.addAll(earlier);
        }

        /**
         * An error for each member of {@code object} (at {@code path}, {@code ""} for the whole) not named in
         * {@code members}: a misspelt one ({@code phone} for {@code phoneNumber}, {@code locale} for
         * {@code userLocale}) would otherwise be dropped, and a default taken in its place. A member's name is
         * repeated only when it is plain; the others are reported once, at the object.
         */
        void onlyMembers(JsonObject object, String path, String... members) {
            List<String> taken = List.of(members);
            boolean oddNameReported = false;
            for (String name : object.fieldNames()) {
                if (taken.contains(name)) {
                    continue;
                }
                String takes = String.join(", ", taken);
                if (PlainName.test(name)) {
                    error(path.isEmpty() ? name : path + "." + name,
                            "is not a member of this object, which takes " + takes);
                } else if (!oddNameReported) {
                    error(path.isEmpty() ? whole : path, "names a member other than " + takes);
                    oddNameReported = true;
                }
            }
        }

        /** Text; null if absent. A number, a boolean or anything else is refused, never turned into text. */
        String text(JsonObject parent, String key, String path) {
            return typed(parent, key, path, String.class, "must be a string");
        }

        /**
         * Text, or a number written as digits: the NIK and the consent timestamp, which the schema takes as either
         * (a NIK sent as a JSON number, epoch milliseconds); null if absent.
         */
        String textOrNumber(JsonObject parent, String key, String path) {
            Object value = parent.getValue(key);
            if (value == null || value instanceof String) {
                return (String) value;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
                return value.toString();
            }
            if (value instanceof Number number) {
                if (value instanceof Double d && (d.isInfinite() || d.isNaN())) {
                    error(path, "must be a number in range, or a string");
                    return null;
                }
                BigDecimal decimal = new BigDecimal(number.toString());
                if (decimal.precision() - decimal.scale() > 32) {
                    // Never expand 1e300 into three hundred digits: no field of ours is that long.
                    error(path, "must be a string or a number of at most 32 digits");
                    return null;
                }
                return decimal.stripTrailingZeros().toPlainString();
            }
            error(path, "must be a string or a number");
            return null;
        }

        Boolean bool(JsonObject parent, String key, String path) {
            return typed(parent, key, path, Boolean.class, "must be true or false");
        }

        JsonObject object(JsonObject parent, String key, String path) {
            return typed(parent, key, path, JsonObject.class, "must be an object");
        }

        JsonArray array(JsonObject parent, String key, String path) {
            return typed(parent, key, path, JsonArray.class, "must be an array");
        }

        /** The value if absent or of {@code type}; anything else is reported with {@code message}. */
        private <T> T typed(JsonObject parent, String key, String path, Class<T> type, String message) {
            Object value = parent.getValue(key);
            if (value == null || type.isInstance(value)) {
                return type.cast(value);
            }
            error(path, message);
            return null;
        }

        void error(String path, String message) {
            errors.add(new FieldError(path, message));
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw ProblemException.malformed(errors);
            }
        }
    }
}
