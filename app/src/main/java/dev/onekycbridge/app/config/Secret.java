package dev.onekycbridge.app.config;

import java.util.Objects;

/** A configuration value that must never be printed: its {@code toString} hides it. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
