package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.util.Optional;

/**
 * The OneKYC platform's business calls, for all three flows. Tokens, headers and retries of single calls are
 * the implementation's concern.
 *
 * <p>Every method throws {@link PlatformUnavailableException} when the call may succeed later (network, 5xx,
 * 429 "too many requests"), {@link PlatformAuthenticationException} when the credentials were refused even after
 * a fresh token, and {@link PlatformRejectedException} when the platform refused the request (any other 4xx,
 * and a 429 {@code SUBMISSION_QUOTA_EXCEEDED}: the user's attempts are exhausted, and waiting does not help).
 */
public interface OneKycPlatform {
    /** Asks for a submission id and presigned upload URLs (CERT_REG: KTP and SELFIE; KTP_SCAN: KTP). */
    UploadUrls requestUploadUrls(SubmissionRef ref);

    /**
     * Confirms the upload and starts processing. For CERT_REG the input carries the user's details and consent.
     * Sent with {@link SubmissionRef#partnerSessionId()}, so that a retry is the same call to the platform.
     */
    void confirm(SubmissionRef ref, SubmissionInput input);

    /**
     * The platform's current report on the submission (Get Submission Details), or empty when the platform has
     * none yet for this user or id.
     */
    Optional<PlatformReport> fetchResult(SubmissionRef ref);

    /** Starts an identity verification (SIV) and returns what the partner's front end needs to launch the SDK. */
    VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input);
}
