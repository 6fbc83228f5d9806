package dev.onekycbridge.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where configuration values come from: the environment, over a file of {@code KEY=VALUE} lines given with
 * {@code --config} ({@link ConfigFile}). The environment wins, so a deployment can override a shared file key by
 * key; a blank environment value (an empty placeholder in a compose file or manifest) overrides nothing.
 */
public final class ConfigSource {
    private final Map<String, String> values;
    private final Path file;
    private final Set<String> fileKeys;

    private ConfigSource(Map<String, String> values, Path file, Set<String> fileKeys) {
        this.values = Map.copyOf(values);
        this.file = file;
        this.fileKeys = Set.copyOf(fileKeys);
    }

    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values, null, Set.of());
    }

    /** The environment over the file (if any); a blank environment value leaves the file's. */
    public static ConfigSource load(Path file, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        Set<String> fileKeys = new HashSet<>();
        if (file != null) {
            String text;
            try {
                // Without the byte-order mark some editors write: it would become part of the first key, which
                // would then be no setting of ours, and that setting silently left at its default.
                text = TextFile.read(file);
            } catch (CharacterCodingException e) {
                throw new ConfigException(List.of("--config: cannot read " + file + " (not UTF-8 text)"));
            } catch (IOException e) {
                throw new ConfigException(List.of("--config: cannot read " + file + " (" + IoReason.of(e) + ")"));
            }
            // In any case: a key in lower case is a misspelling to report, not a stranger's key to pass over.
            ConfigFile.parse(text, file).forEach((key, value) -> {
                if (ours(key.toUpperCase(Locale.ROOT))) {
                    merged.put(key, value);
                    fileKeys.add(key);
                }
            });
        }
        environment.forEach((key, value) -> {
            // TMPDIR, the environment's own, places the default uploads directory (the JVM's ignores it).
            if ((ours(key) || key.equals("TMPDIR")) && !value.isBlank()) {
                merged.put(key, value);
            }
        });
        return new ConfigSource(merged, file, fileKeys);
    }

    private static boolean ours(String key) {
        return key.startsWith("ONEKYC_") || key.startsWith("BRIDGE_");
    }

    /** The value, trimmed; empty when unset or blank. */
    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * The ONEKYC_ and BRIDGE_ keys the {@code --config} file sets. Unlike the environment, which other programs
     * share, the file is the bridge's own: a key in it that no setting reads is a misspelling to report.
     */
    public Set<String> fileKeys() {
        return fileKeys;
    }

    /** The {@code --config} file, if one was given. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** A copy with some values replaced, e.g. by the embedded sandbox's. */
    public ConfigSource with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new ConfigSource(merged, file, fileKeys);
    }
}
