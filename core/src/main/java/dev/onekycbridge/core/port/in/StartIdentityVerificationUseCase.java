package dev.onekycbridge.core.port.in;

/**
 * Starts an identity verification and asks the platform for the SDK token or launch URL at once. If the
 * platform cannot be reached, the submission is stored anyway and the driver keeps trying; the launch then
 * appears on the submission.
 */
public interface StartIdentityVerificationUseCase {
    /**
     * @throws dev.onekycbridge.core.validation.ValidationException with every invalid field
     * @throws SubmissionConflictException when another submission stands in the way
     * @throws dev.onekycbridge.core.port.out.PlatformRejectedException when the platform refused the request
     */
    StartedSubmission startIdentityVerification(StartIdentityVerification command);
}
