package dev.onekycbridge.app.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code --config} file's lines, read as an env file or a shell's {@code source} writes them: {@code KEY=VALUE},
 * optionally after {@code export}, the value optionally in one pair of quotes. Nothing else is interpreted: a
 * backslash is part of its value, not an escape, and no line goes on into the next (as
 * {@link java.util.Properties} would have it, taking the next line into a password that ends with one).
 */
final class ConfigFile {
    private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+");
    private static final Pattern LINES = Pattern.compile("\\R");

    private ConfigFile() {
    }

    /**
     * Each key with its value, the last one where a key is given twice. A line without '=' is a key without a value:
     * one of ours is then named as no setting (a value run together with its key). A problem names the file and the
     * line, never the line's text: it may hold a secret.
     */
    static Map<String, String> parse(String text, Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = LINES.split(text, -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            line = EXPORT.matcher(line).replaceFirst("");
            int equals = line.indexOf('=');
            String key = (equals < 0 ? line : line.substring(0, equals)).strip();
            if (key.isEmpty()) {
                throw new ConfigException(List.of("--config: line " + (i + 1) + " of " + file
                        + " has no key before its '='"));
            }
            entries.put(key, equals < 0 ? "" : unquoted(line.substring(equals + 1)));
        }
        return entries;
    }

    /**
     * The value without one pair of quotes around it, as a shell or an env file writes them
     * ({@code ONEKYC_PASS_KEY="…"}): a pass-key kept with its quotes fails only later, as a refused login.
     */
    private static String unquoted(String value) {
        String text = value.strip();
        if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
