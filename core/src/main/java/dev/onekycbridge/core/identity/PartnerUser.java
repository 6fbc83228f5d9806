package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;

/** The partner's own identifier of a user and the label of that identifier ({@code x-partner-user-id[-type]}). */
public record PartnerUser(String userId, String userIdType) {
    private static final int MAX_LENGTH = 128;

    public PartnerUser {
        check("partnerUserId", userId);
        check("partnerUserIdType", userIdType);
    }

    private static void check(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, "is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidValueException(field, "may hold only visible ASCII characters, without spaces");
        }
    }
}
