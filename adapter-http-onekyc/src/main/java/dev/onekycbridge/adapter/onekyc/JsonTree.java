package dev.onekycbridge.adapter.onekyc;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;

/**
 * Reads the platform's JSON into plain maps, lists, strings, booleans and {@link JsonNumber}s, and reads values
 * from them leniently: the published pages disagree on types (a code is a string or an integer, expiries are
 * strings of digits), so a reader that insists on one form would break on the other.
 *
 * <p>Numbers keep their literal text, so a 16-digit NIK sent as a number reads back exactly.
 */
final class JsonTree {
    /** Any reason the text is not one JSON value. Says nothing of the content. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /** A JSON number, as written. */
    record JsonNumber(String literal) {
        BigDecimal value() {
            return new BigDecimal(literal);
        }

        @Override
        public String toString() {
            return literal;
        }
    }

    /**
     * The longest text read as a number: a long has 19 digits, with room for a sign, a fraction and an exponent.
     * Converting text of hundreds of thousands of digits costs seconds, and none of it would be a code, a time or
     * a lifetime.
     */
    private static final int MAX_NUMBER_TEXT = 40;

    /** The span of {@link #plausible} instants. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private JsonTree() {
    }

    /** Parses one JSON value; a repeated key in an object or anything after the value is an error. */
    static Object parse(String text) throws SyntaxException {
        if (text == null || text.isBlank()) {
            throw new SyntaxException("is empty");
        }
        String json = text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
            Object value;
            try {
                value = read(reader);
            } catch (IOException | JsonDataException e) {
                throw new SyntaxException("is not valid JSON");
            }
            try {
                if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                    throw new SyntaxException("has content after the JSON value");
                }
            } catch (IOException | JsonDataException e) {
                throw new SyntaxException("has content after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new SyntaxException("is not valid JSON");
        }
    }

    /** Parses a JSON object, or returns null when the text is not one. */
    static Map<String, Object> parseObjectOrNull(String text) {
        try {
            return object(parse(text));
        } catch (SyntaxException e) {
            return null;
        }
    }

    private static Object read(JsonReader reader) throws IOException, SyntaxException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (map.containsKey(name)) {
                        throw new SyntaxException("repeats a key in one object");
                    }
                    map.put(name, read(reader));
                }
                reader.endObject();
                return map;
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    list.add(read(reader));
                }
                reader.endArray();
                return list;
            }
            case STRING -> {
                return withoutNul(reader.nextString());
            }
            case NUMBER -> {
                return new JsonNumber(reader.nextString());
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                return reader.nextNull();
            }
            default -> throw new SyntaxException("is not valid JSON");
        }
    }

    /**
     * The text with each NUL (U+0000), which JSON may escape but no text the platform means holds, replaced by
     * U+FFFD. PostgreSQL refuses a NUL in any text, even in a comparison: a code or an id carrying one could be
     * neither stored nor looked up, and its report would be retried for ever.
     */
    private static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    // ---- lenient accessors ----

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    static Map<String, Object> object(Map<String, Object> parent, String key) {
        return parent == null ? null : object(parent.get(key));
    }

    /** A scalar as text: strings as they are, numbers as written, booleans as {@code true}/{@code false}. */
    static String text(Object value) {
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof JsonNumber number) {
            return number.literal();
        }
        if (value instanceof Boolean bool) {
            return bool.toString();
        }
        return null;
    }

    static String text(Map<String, Object> parent, String key) {
        return parent == null ? null : text(parent.get(key));
    }

    /** Like {@link #text(Map, String)}, with blank text read as absent. */
    static String nonBlank(Map<String, Object> parent, String key) {
        String text = text(parent, key);
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The first key present with a non-blank scalar. */
    static String firstNonBlank(Map<String, Object> parent, String... keys) {
        for (String key : keys) {
            String text = nonBlank(parent, key);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** An integer-valued code as text: {@code 1539}, {@code "1539"} and {@code 1539.0} all read {@code 1539}. */
    static String code(Object value) {
        if (value instanceof JsonNumber number) {
            if (number.literal().length() > MAX_NUMBER_TEXT) {
                return number.literal();
            }
            try {
                BigDecimal decimal = number.value();
                // A code is a short number: expanding 1e99999999 would build a hundred million digits.
                if (decimal.precision() - decimal.scale() > 18) {
                    return number.literal();
                }
                if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
                    return decimal.toBigInteger().toString();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                return number.literal();
            }
            return number.literal();
        }
        String text = text(value);
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** true/false, "true"/"false" in any case, 1/0. */
    static Boolean bool(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = text(value);
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    static Boolean bool(Map<String, Object> parent, String key) {
        return parent == null ? null : bool(parent.get(key));
    }

    /** A whole number from a number or a string of digits; null when absent or not a whole number. */
    static Long longValue(Object value) {
        String text = text(value);
        if (text == null || value instanceof Boolean || text.length() > MAX_NUMBER_TEXT || !mayBeNumber(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.strip()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * Whether {@code text} has only what a decimal number may have. Timestamps come as ISO-8601 text as often as
     * numbers: ruling those out here spares {@link #instant} an exception, and its stack trace, per value.
     */
    private static boolean mayBeNumber(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ("+-.eE".indexOf(c) < 0 && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return digit;
    }

    static Long longValue(Map<String, Object> parent, String key) {
        return parent == null ? null : longValue(parent.get(key));
    }

    /**
     * An instant from ISO-8601 ({@code 2026-05-08T10:30:00Z}, with an offset, or without a zone read as UTC) or
     * from epoch time (see {@link #epochTime}); null when absent, unreadable or not {@linkplain #plausible
     * plausible}.
     */
    static Instant instant(Object value) {
        Long epoch = longValue(value);
        if (epoch != null) {
            return plausible(epochTime(epoch));
        }
        String text = text(value);
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        try {
            return plausible(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeException e) {
            // not with an offset; try a local date-time
        }
        try {
            return plausible(LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Epoch time in the unit its size suggests: seconds, or milliseconds, microseconds or nanoseconds for numbers
     * too large for the unit before (beyond the year 5000 in it).
     */
    static Instant epochTime(long epoch) {
        long size = Math.abs(epoch);
        try {
            if (size >= 100_000_000_000_000_000L) {
                return Instant.ofEpochSecond(0, epoch);
            }
            if (size >= 100_000_000_000_000L) {
                return Instant.ofEpochSecond(Math.floorDiv(epoch, 1_000_000L), Math.floorMod(epoch, 1_000_000L) * 1_000L);
            }
            return size >= 100_000_000_000L ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The instant when it lies between 2000 and 2200, else null. The platform's times are all of this century: a
     * zero, a misread unit or a year 30000 is no time at all, and the store (like most databases) could not even
     * keep the last, so a report carrying it would never be applied.
     */
    static Instant plausible(Instant instant) {
        return instant == null || instant.isBefore(EARLIEST) || !instant.isBefore(LATEST) ? null : instant;
    }
}
