package dev.onekycbridge.core.port.in;

/** The partner's verification of each contact, unchecked. */
public record DataVerificationForm(VerificationForm email, VerificationForm phoneNumber) {
}
