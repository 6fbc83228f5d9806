package dev.onekycbridge.sandbox;

import java.util.Arrays;
import java.util.List;
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
    UNKNOWN_REASON,
    /** PARTIALLY_COMPLETED + VALID, then COMPLETED + INVALID: rejected after the identity was verified. */
    PARTIAL_THEN_INVALID,
    /** PARTIALLY_COMPLETED + VALID, then ERROR: a technical failure after the identity was verified. */
    PARTIAL_THEN_ERROR;

    private static final String MARKER = "__";

    /** The scenario named in a partner user id, or {@code fallback} when it names none. */
    public static Scenario fromUserId(String partnerUserId, Scenario fallback) {
        List<String> names = testValues(partnerUserId);
        // The last named segment wins, so "a__VALID__NOT_EKTP" is NOT_EKTP.
        for (int i = names.size() - 1; i >= 0; i--) {
            Optional<Scenario> named = parse(names.get(i));
            if (named.isPresent()) {
                return named.get();
            }
        }
        return fallback;
    }

    /**
     * The test values a partner user id carries: each segment after a {@code __}, in order (the first segment is
     * the user's own id). Scenarios are named so, and so are the refusals a test can ask for.
     */
    public static List<String> testValues(String partnerUserId) {
        if (partnerUserId == null) {
            return List.of();
        }
        List<String> parts = Arrays.asList(partnerUserId.split(MARKER, -1));
        return List.copyOf(parts.subList(1, parts.size()));
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
