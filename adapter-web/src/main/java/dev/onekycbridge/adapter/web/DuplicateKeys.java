package dev.onekycbridge.adapter.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.onekycbridge.core.identity.UserLocale;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the partner's JSON, and finds the keys it names twice in one object. Vert.x keeps the last of them, so a
 * request with two values for one field (two sources merged carelessly) would be taken with one of them, silently.
 *
 * <p>Both the decoding ({@link #decode}) and the search for repeats ({@link #in}) read with one parser
 * configuration, {@link #JSON}: JSON as RFC 8259 has it, without comments. Vert.x's own codec allows comments;
 * a parser that refused them only for the search, and took a text it could not read as free of repeats, let a
 * comment anywhere switch the search off.
 */
final class DuplicateKeys {
    /**
     * Where a key is repeated, as a field error names it: {@code exact}, the repeated key's own path; or, where a
     * key on the way may be personal data, the path of the nearest object that can be named without it ({@code ""}
     * for the whole text). A key may be personal data unless it is a {@link PlainName} (free-form data may use a NIK
     * or a name as a key); in the partner's own {@code additionalData}, any key may be; in a consent's
     * {@code details}, any that is not shaped like a locale (the one place the API asks for keys of the client's,
     * and whose other errors leave them out too).
     */
    record Repeat(String path, boolean exact) {
        private static final Pattern ADDITIONAL_DATA = Pattern.compile("(.*\\.)?additionalData");
        private static final Pattern CONSENT_TEXTS = Pattern.compile("consentData\\[\\d+]\\.details");

        Repeat key(String key) {
            boolean named = exact && PlainName.test(key) && !ADDITIONAL_DATA.matcher(path).matches()
                    && (!CONSENT_TEXTS.matcher(path).matches() || UserLocale.isShapedLike(key));
            return named ? new Repeat(path.isEmpty() ? key : path + "." + key, true) : new Repeat(path, false);
        }

        Repeat index(int index) {
            return exact ? new Repeat(path + "[" + index + "]", true) : this;
        }
    }

    /** JSON and nothing more: neither comment style Jackson knows is taken (both are off by default too). */
    static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();

    private DuplicateKeys() {
    }

    /**
     * The JSON value of the text as Vert.x decodes it (a {@code JsonObject}, a {@code JsonArray}, text, a number...),
     * read with {@link #JSON}.
     *
     * @throws DecodeException when the text is not one JSON value, e.g. it holds a comment
     */
    static Object decode(String json) {
        JsonParser parser;
        try {
            parser = JSON.createParser(json);
        } catch (IOException e) {
            throw new DecodeException("cannot be read", e);
        }
        return JacksonCodec.fromParser(parser, Object.class);
    }

    /**
     * Each key given more than once, once, where the field errors name it ({@code userDetails.nik},
     * {@code consentData[0].details.en_ID}).
     *
     * @throws DecodeException when the text is not well-formed JSON: its repeats cannot be told, so it is not to
     *     be taken
     */
    static List<Repeat> in(String json) {
        Set<Repeat> repeated = new LinkedHashSet<>();
        Deque<Scope> scopes = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        Scope object = scopes.peek();
                        object.key = parser.currentName();
                        if (!object.keys.add(object.key)) {
                            repeated.add(object.child());
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        Scope parent = scopes.peek();
                        Repeat place = parent == null ? new Repeat("", true) : parent.nextValue();
                        scopes.push(new Scope(place, token == JsonToken.START_OBJECT));
                    }
                    case END_OBJECT, END_ARRAY -> scopes.pop();
                    default -> {
                        if (!scopes.isEmpty()) {
                            scopes.peek().nextValue();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The parser's message would quote the text.
            throw new DecodeException("is not well-formed JSON");
        }
        return List.copyOf(repeated);
    }

    /** An object or array being read: where it is, and the keys seen or the index reached. */
    private static final class Scope {
        private final Repeat place;
        private final boolean object;
        private final Set<String> keys = new HashSet<>();
        private String key;
        private int index = -1;

        Scope(Repeat place, boolean object) {
            this.place = place;
            this.object = object;
        }

        /** Where the value that starts now is: the current key's, or the array's next element's. */
        Repeat nextValue() {
            if (object) {
                return child();
            }
            index++;
            return place.index(index);
        }

        Repeat child() {
            return place.key(key);
        }
    }
}
