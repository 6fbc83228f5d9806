package dev.onekycbridge.sandbox.model;

import java.util.Optional;

/** Where the SIV journey runs: the native SDK or the web SDK. */
public enum SivSource {
    SDK,
    WEB_SDK;

    public static Optional<SivSource> parse(String name) {
        for (SivSource source : values()) {
            if (source.name().equals(name)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
