package dev.onekycbridge.sandbox.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Hides secrets and personal values before anything is recorded or shown. */
public final class Masking {

    public static final String MASK = "***";

    private static final Set<String> SECRET_HEADERS = Set.of(
            "x-onekyc-token", "pass-key", "client-id", "authorization", "cookie");
    private static final Set<String> PERSONAL_FIELDS = Set.of(
            "nik", "name", "email", "phonenumber", "dateofbirth", "userip", "uniqueid", "verificationreferenceid");
    private static final Set<String> SECRET_QUERY_PARAMS = Set.of("signature", "token");

    private Masking() {
    }

    public static String header(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : value;
    }

    /** The query string with secret parameter values replaced; null stays null. */
    public static String query(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        return Arrays.stream(query.split("&"))
                .map(pair -> {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    return SECRET_QUERY_PARAMS.contains(key.toLowerCase(Locale.ROOT)) ? key + "=" + MASK : pair;
                })
                .collect(Collectors.joining("&"));
    }

    /** Masked JSON text, or null when {@code text} is not JSON. */
    public static String jsonBody(String text) {
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException notJson) {
            return null;
        }
        Object masked = mask(parsed);
        return masked == null ? "null" : Json.encode(masked);
    }

    private static Object mask(Object value) {
        if (value instanceof JsonObject object) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, Object> field : object) {
                boolean personal = PERSONAL_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT));
                copy.put(field.getKey(), personal && field.getValue() != null ? MASK : mask(field.getValue()));
            }
            return copy;
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(mask(item)));
            return copy;
        }
        return value;
    }
}
