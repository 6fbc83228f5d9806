package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.Objects;

/** The user's details as printed on the KTP, and the user's verified contacts. */
public record ApplicantDetails(PersonName name, Nik nik, DateOfBirth dateOfBirth, ContactDetails contact) {
    public ApplicantDetails {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nik, "nik");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(contact, "contact");
        if (!nik.agreesWith(dateOfBirth)) {
            throw new InvalidValueException("nik", "does not encode the given date of birth in digits 7 to 12");
        }
    }
}
