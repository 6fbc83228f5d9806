package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Every consent record of one request, checked against the user's locale and the clock before anything is sent
 * to the platform.
 */
public record Consent(List<ConsentRecord> records) {
    /** How far a consent timestamp may lie ahead of our clock: the user's device clock is not ours. */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    public Consent {
        if (records == null || records.isEmpty()) {
            throw new InvalidValueException("consentData", "must hold at least one consent record");
        }
        records = List.copyOf(records);
    }

    /** The problem with one record for this locale and clock, or null when it is acceptable. */
    public static String problemWith(ConsentRecord record, UserLocale locale, Clock clock) {
        if (!record.details().containsKey(locale)) {
            return "must hold the consent text for the user's locale " + locale.code();
        }
        if (record.timestamp().isAfter(clock.instant().plus(ALLOWED_CLOCK_SKEW))) {
            return "must not be in the future";
        }
        return null;
    }
}
