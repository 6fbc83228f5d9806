package dev.onekycbridge.adapter.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a JSON text names twice in one object. Vert.x keeps the last of them, so a request with two values for
 * one field (two sources merged carelessly) would be taken with one of them, silently.
 */
final class DuplicateKeys {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private DuplicateKeys() {
    }

    /**
     * Each key given more than once, once, as the path the field errors use ({@code userDetails.nik},
     * {@code consentData[0].details.en_ID}); empty also for text that is not well-formed JSON (its parse fails).
     */
    static List<String> in(String json) {
        Set<String> repeated = new LinkedHashSet<>();
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
                        String path = parent == null ? "" : parent.nextValue();
                        scopes.push(new Scope(path, token == JsonToken.START_OBJECT));
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
            return List.of();
        }
        return List.copyOf(repeated);
    }

    /** An object or array being read: its path, and the keys seen or the index reached. */
    private static final class Scope {
        private final String path;
        private final boolean object;
        private final Set<String> keys = new HashSet<>();
        private String key;
        private int index = -1;

        Scope(String path, boolean object) {
            this.path = path;
            this.object = object;
        }

        /** The path of the value that starts now: the current key's, or the array's next element's. */
        String nextValue() {
            if (object) {
                return child();
            }
            index++;
            return path + "[" + index + "]";
        }

        String child() {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
