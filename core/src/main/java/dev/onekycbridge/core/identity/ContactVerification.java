package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;

/**
 * How the partner verified one contact (e-mail or phone). The platform only accepts contacts the partner has
 * verified itself, so a verification must be {@code true} and carry the partner's reference id.
 */
public record ContactVerification(boolean verified, String referenceId) {
    public ContactVerification {
        if (!verified) {
            throw new InvalidValueException("isVerified", "must be true: the platform requires verified contacts");
        }
        if (referenceId == null || referenceId.isBlank()) {
            throw new InvalidValueException("verificationReferenceId", "is required when the contact is verified");
        }
        if (referenceId.length() > 128) {
            throw new InvalidValueException("verificationReferenceId", "must be at most 128 characters");
        }
    }
}
