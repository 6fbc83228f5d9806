package dev.onekycbridge.core.port.in;

/** Accepts a certificate registration: validates it, stages its images and stores it for the driver. */
public interface StartCertificateRegistrationUseCase {
    /**
     * @throws dev.onekycbridge.core.validation.ValidationException with every invalid field
     * @throws SubmissionConflictException when another submission stands in the way
     */
    StartedSubmission startCertificateRegistration(StartCertificateRegistration command);
}
