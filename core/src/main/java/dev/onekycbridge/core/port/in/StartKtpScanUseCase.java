package dev.onekycbridge.core.port.in;

/** Accepts a KTP scan: validates it, stages the image and stores it for the driver. */
public interface StartKtpScanUseCase {
    /**
     * @throws dev.onekycbridge.core.validation.ValidationException with every invalid field
     * @throws SubmissionConflictException when another submission stands in the way
     */
    StartedSubmission startKtpScan(StartKtpScan command);
}
