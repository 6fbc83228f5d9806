package dev.onekycbridge.sandbox.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of request content that ignores key order and whitespace, so a retried request is recognised as the same
 * without keeping its (personal) content.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** Hash of the parts, each a JSON value or plain text, joined in order. */
    public static String of(Object... parts) {
        StringBuilder canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(canonical(part)).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> sorted = new TreeMap<>(object.getMap());
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((key, item) -> out.append(JsonObject.of("k", key).encode())
                    .append(':').append(canonical(object.getValue(key))).append(','));
            return out.append('}').toString();
        }
        if (value instanceof JsonArray array) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < array.size(); i++) {
                out.append(canonical(array.getValue(i))).append(',');
            }
            return out.append(']').toString();
        }
        if (value instanceof String text) {
            return new JsonArray().add(text).encode();
        }
        return String.valueOf(value);
    }
}
