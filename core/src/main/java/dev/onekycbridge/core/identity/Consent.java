package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;

/**
 * Every consent record of one request. The request's validation checks each against the user's locale and the
 * clock before anything is sent to the platform.
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
}
