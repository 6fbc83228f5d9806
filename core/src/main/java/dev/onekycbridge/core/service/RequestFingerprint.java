package dev.onekycbridge.core.service;

import dev.onekycbridge.core.identity.ContactDetails;
import dev.onekycbridge.core.identity.DataVerification;
import dev.onekycbridge.core.identity.DeviceDetails;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A SHA-256 over the parts of a request, to tell a retry of a request from a different request sent with the
 * same idempotency key. Only the hash is kept.
 */
final class RequestFingerprint {
    private final MessageDigest digest;

    RequestFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    RequestFingerprint add(Object part) {
        // A separator that cannot appear in the parts' text keeps "ab"+"c" apart from "a"+"bc".
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        return this;
    }

    /** Adds free-form data (maps, lists and scalars, as parsed from JSON) whatever the order of its map keys. */
    RequestFingerprint addData(Object data) {
        return add(canonical(data));
    }

    /** Adds the partner's verification of each contact: a different reference id is a different request. */
    RequestFingerprint add(ContactDetails contact) {
        DataVerification verification = contact.dataVerification();
        return add(contact.email() == null ? "" : contact.email().value())
                .add(contact.phoneNumber() == null ? "" : contact.phoneNumber().value())
                .add(verification.email() == null ? "" : verification.email().referenceId())
                .add(verification.phoneNumber() == null ? "" : verification.phoneNumber().referenceId());
    }

    /**
     * Adds the consenting device's details in the text earlier builds hashed (the record's default {@code toString},
     * before it masked the unique id), so that a retry still matches a fingerprint they stored, and two devices
     * whose ids differ are two requests.
     */
    RequestFingerprint add(DeviceDetails device) {
        return add(device == null ? null : "DeviceDetails[os=" + device.os() + ", make=" + device.make() + ", model="
                + device.model() + ", uniqueId=" + device.uniqueId() + ", networkProvider=" + device.networkProvider()
                + ", appId=" + device.appId() + ", appVersion=" + device.appVersion() + "]");
    }

    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            map.entrySet().stream()
                    .sorted(Comparator.comparing(entry -> String.valueOf(entry.getKey())))
                    .forEach(entry -> text.append(quoted(String.valueOf(entry.getKey()))).append(':')
                            .append(canonical(entry.getValue())).append(','));
            return text.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            list.forEach(item -> text.append(canonical(item)).append(','));
            return text.append(']').toString();
        }
        return value instanceof String string ? quoted(string) : String.valueOf(value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
