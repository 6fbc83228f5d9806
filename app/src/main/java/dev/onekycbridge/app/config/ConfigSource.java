package dev.onekycbridge.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where configuration values come from: the environment, over a properties file given with {@code --config}.
 * The environment wins, so a deployment can override a shared file key by key; a blank environment value (an
 * empty placeholder in a compose file or manifest) overrides nothing.
 */
public final class ConfigSource {
    private final Map<String, String> values;

    private ConfigSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values);
    }

    /** The environment over the file (if any); a blank environment value leaves the file's. */
    public static ConfigSource load(Path file, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException(List.of("--config: cannot read " + file + " (" + e.getClass().getSimpleName()
                        + ")"));
            }
            properties.stringPropertyNames().forEach(name -> merged.put(name, properties.getProperty(name)));
        }
        environment.forEach((key, value) -> {
            if ((key.startsWith("ONEKYC_") || key.startsWith("BRIDGE_")) && !value.isBlank()) {
                merged.put(key, value);
            }
        });
        return new ConfigSource(merged);
    }

    /** The value, trimmed; empty when unset or blank. */
    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A copy with some values replaced, e.g. by the embedded sandbox's. */
    public ConfigSource with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new ConfigSource(merged);
    }
}
