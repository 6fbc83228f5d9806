package dev.onekycbridge.core.submission;

/** What the partner sent to start a submission, per flow. Personal data: stored encrypted, purged later. */
public sealed interface SubmissionInput
        permits CertificateRegistrationInput, KtpScanInput, IdentityVerificationInput {
    FlowType flow();
}
