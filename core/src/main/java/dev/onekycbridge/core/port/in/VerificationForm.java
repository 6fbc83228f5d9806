package dev.onekycbridge.core.port.in;

/** A contact verification as the partner sent it, unchecked. */
public record VerificationForm(Boolean isVerified, String verificationReferenceId) {
}
