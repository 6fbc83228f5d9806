package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;

/** At least one verified, addressable contact: the platform needs one to issue a certificate. */
public record ContactDetails(Email email, PhoneNumber phoneNumber, DataVerification dataVerification) {
    public ContactDetails {
        if (email == null && phoneNumber == null) {
            throw new InvalidValueException("contact", "an e-mail address or a phone number is required");
        }
        if (dataVerification == null) {
            throw new InvalidValueException("dataVerification", "is required");
        }
        if (email != null && dataVerification.email() == null) {
            throw new InvalidValueException("dataVerification.email", "is required when an e-mail address is sent");
        }
        if (phoneNumber != null && dataVerification.phoneNumber() == null) {
            throw new InvalidValueException("dataVerification.phoneNumber",
                    "is required when a phone number is sent");
        }
    }
}
