package dev.onekycbridge.sandbox.validation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed reads from request JSON that answer null for a missing field or one of another type. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonObject json, String key) {
        return json != null && json.getValue(key) instanceof String value ? value : null;
    }

    /** Non-blank text, or null. */
    public static String filled(JsonObject json, String key) {
        String value = text(json, key);
        return value == null || value.isBlank() ? null : value;
    }

    public static JsonObject object(JsonObject json, String key) {
        return json != null && json.getValue(key) instanceof JsonObject value ? value : null;
    }

    public static JsonArray array(JsonObject json, String key) {
        return json != null && json.getValue(key) instanceof JsonArray value ? value : null;
    }

    public static Boolean bool(JsonObject json, String key) {
        return json != null && json.getValue(key) instanceof Boolean value ? value : null;
    }

    public static boolean has(JsonObject json, String key) {
        return json != null && json.getValue(key) != null;
    }

    /** Sent, but not as text: a number, a boolean, an object or an array where the schema has a string. */
    public static boolean notText(JsonObject json, String key) {
        return has(json, key) && text(json, key) == null;
    }
}
