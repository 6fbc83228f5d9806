package dev.onekycbridge.core.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form partner data passed through to the platform as JSON: only what JSON and UTF-8 can carry, within a depth
 * the platform client writes. Found at the confirm instead, after the images were uploaded, it would fail there on every
 * attempt until the submission expired. Problems name the field, never a key or value of the partner's.
 */
public final class FreeFormJson {
    /** Far beyond any partner's metadata, and well within the 255 levels a JSON writer takes. */
    public static final int MAX_DEPTH = 64;

    private static final String NOT_TEXT = "holds a string with half of a surrogate pair (\\ud800 written alone, say),"
            + " which is not text and would reach the platform as '?'";

    private FreeFormJson() {
    }

    /** Whether every surrogate of {@code text} is half of a pair: what UTF-8 can carry. */
    private static boolean isText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An unmodifiable copy, nested maps and lists included, in the caller's order and with its nulls: what was
     * checked cannot change after the check, under the submission that holds it or the cache that shares it.
     * Containers nested deeper than {@link #MAX_DEPTH} are left as they are, for {@link #check} refuses them
     * whatever they hold (a map that holds itself among them).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyOf(Map<String, ?> data) {
        return (Map<String, Object>) copy(data, 1);
    }

    private static Object copy(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, copy(item, depth + 1)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copy(item, depth + 1)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    public static void check(Problems problems, String path, Map<?, ?> data) {
        if (data != null) {
            String problem = problemIn(data, 1);
            if (problem != null) {
                problems.add(path, problem);
            }
        }
    }

    /** The first problem of {@code value} at nesting {@code depth}, or null. */
    private static String problemIn(Object value, int depth) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > MAX_DEPTH) {
                return "nests objects and arrays deeper than " + MAX_DEPTH + " levels";
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        return "must name its members with strings";
                    }
                    if (!isText(key)) {
                        return NOT_TEXT;
                    }
                    String problem = problemIn(entry.getValue(), depth + 1);
                    if (problem != null) {
                        return problem;
                    }
                }
            } else {
                for (Object item : (List<?>) value) {
                    String problem = problemIn(item, depth + 1);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return "holds a number out of range (infinite or not a number), which JSON cannot carry";
        }
        if (value instanceof String text) {
            return isText(text) ? null : NOT_TEXT;
        }
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return null;
        }
        return "must hold only strings, numbers, booleans, lists and objects of those";
    }
}
