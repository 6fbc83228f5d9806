package dev.onekycbridge.core.identity;

/** The partner's verification of the contacts it sends; a contact that is sent must have one. */
public record DataVerification(ContactVerification email, ContactVerification phoneNumber) {
    public static DataVerification none() {
        return new DataVerification(null, null);
    }
}
