package dev.onekycbridge.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * The outcome the sandbox plays out for a submission.
 *
 * <p>Chosen by the partner user id: {@code user-42__DUKCAPIL_REJECTED} picks {@link #DUKCAPIL_REJECTED}
 * (the name after a {@code __}, any case); an id without a known name gets the configured default.
 */
public enum Scenario {
    VALID,
    DUKCAPIL_REJECTED,
    DUKCAPIL_REJECTED_NIK,
    DUKCAPIL_REJECTED_NAME,
    DUKCAPIL_REJECTED_DOB,
    EMAIL_HAS_BEEN_USED,
    PHONE_HAS_BEEN_USED,
    NOT_EKTP,
    FRAUD_REJECT,
    LIVENESS_CHECK_FAILED,
    AETHER_VERIFICATION_FAILED,
    REJECTED,
    DUKCAPIL_IRRETRIEVABLE_ERROR,
    DUKCAPIL_SYSTEM_ERROR,
    SYSTEM_ERROR,
    PARTIAL_ONLY,
    NO_CALLBACK,
    UNKNOWN_REASON;

    private static final String MARKER = "__";

    /** The scenario named in a partner user id, or {@code fallback} when it names none. */
    public static Scenario fromUserId(String partnerUserId, Scenario fallback) {
        if (partnerUserId == null) {
            return fallback;
        }
        String[] parts = partnerUserId.split(MARKER, -1);
        // The last named segment wins, so "a__VALID__NOT_EKTP" is NOT_EKTP; segment 0 is the user's own id.
        for (int i = parts.length - 1; i >= 1; i--) {
            Optional<Scenario> named = parse(parts[i]);
            if (named.isPresent()) {
                return named.get();
            }
        }
        return fallback;
    }

    /** The scenario with this name, ignoring case. */
    public static Optional<Scenario> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
