package dev.onekycbridge.sandbox;

import java.util.Locale;
import java.util.Optional;

/** Where results of a flow are called back: one configured URL per channel. */
public enum CallbackChannel {
    /** Certificate registration (CERT_REG). */
    ESIGN,
    /** COE KTP scan (KTP_SCAN). */
    COE,
    /** Standalone identity verification. */
    SIV;

    /**
     * Whether the partner's answer delivers the callback: any 2xx for Esign, which retries "if no 2xx"; exactly 200
     * for COE and SIV, whose platform treats any other answer as an error.
     */
    public boolean accepts(int httpStatus) {
        return this == ESIGN ? httpStatus >= 200 && httpStatus < 300 : httpStatus == 200;
    }

    /** The key used in the control API's JSON ({@code esign}, {@code coe}, {@code siv}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CallbackChannel> fromKey(String key) {
        for (CallbackChannel channel : values()) {
            if (channel.key().equalsIgnoreCase(key)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
