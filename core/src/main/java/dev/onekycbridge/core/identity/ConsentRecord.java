package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** One consent the user gave, e.g. to the certificate authority's terms and conditions. */
public record ConsentRecord(String entity, String consentType, boolean consentGiven,
                            Map<UserLocale, ConsentText> details, Instant timestamp, ConsentContext context) {
    public ConsentRecord {
        if (Spaces.isBlank(entity)) {
            throw new InvalidValueException("entity", "is required");
        }
        if (Spaces.isBlank(consentType)) {
            throw new InvalidValueException("consentType", "is required");
        }
        if (!consentGiven) {
            throw new InvalidValueException("consentGiven", "must be true: the user has to consent");
        }
        if (details == null || details.isEmpty()) {
            throw new InvalidValueException("details", "must hold the consent text for at least one locale");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(context, "context");
        details = Map.copyOf(new EnumMap<>(details));
    }
}
