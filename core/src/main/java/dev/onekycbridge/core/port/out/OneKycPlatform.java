package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.util.Optional;

/**
 * The OneKYC platform's business calls, for all three flows. Tokens, headers and retries of single calls are
 * the implementation's concern. It is called from several threads at once (the driver's, the partner API's,
 * the callback worker's): an implementation must be thread-safe.
 *
 * <p>Every method throws {@link PlatformUnavailableException} when the call may succeed later (network, 5xx,
 * 429 "too many requests"), {@link PlatformAuthenticationException} when the credentials were refused even after
 * a fresh token, and {@link PlatformRejectedException} when the platform refused the request (any other 4xx,
 * and a 429 {@code SUBMISSION_QUOTA_EXCEEDED}: the user's attempts are exhausted, and waiting does not help).
 * The core fails a submission for a {@link PlatformRejectedException} of a call that acts (upload URLs, confirm,
 * launch) and retries every other failure with backoff, so only the platform's own word on the request may be
 * thrown as one. In particular:
 * <ul>
 *   <li>A refusal of a request the implementation sent again after an attempt whose answer was lost (no answer,
 *   a 5xx) may be the platform's answer to the repeat, not to the request: it is a
 *   {@link PlatformUnavailableException}. So is a 4xx without the platform's error envelope (a proxy's, a
 *   firewall's).</li>
 *   <li>A refusal of the deployment's settings rather than of the request (an onboarding partner that is not the
 *   client's, unknown or empty) is a {@link PlatformAuthenticationException}, with the {@link PlatformRejectedException} as its
 *   cause: the core records that refusal's code and cause as the submission's last failure.</li>
 *   <li>A {@link PlatformRejectedException} keeps the platform's HTTP status and every error's code and cause as
 *   sent: the core reads a 409 on {@link #confirm} and the cause {@code DUPLICATE_PARTNER_SESSION_ID} on
 *   {@link #initiateVerification}.</li>
 * </ul>
 */
public interface OneKycPlatform {
    /** Asks for a submission id and presigned upload URLs (CERT_REG: KTP and SELFIE; KTP_SCAN: KTP). */
    UploadUrls requestUploadUrls(SubmissionRef ref);

    /**
     * Confirms the upload and starts processing. For CERT_REG the input carries the user's details and consent.
     * Sent with {@link SubmissionRef#partnerSessionId()}, so that a retry is the same call to the platform.
     *
     * @throws PlatformRejectedException with {@code httpStatus} 409 when the platform says the submission is past
     *     the state a confirm needs: the core then asks {@link #fetchResult} whether an earlier confirm arrived,
     *     and goes on from the report if it did (else the submission fails, as for any refusal)
     */
    void confirm(SubmissionRef ref, SubmissionInput input);

    /**
     * The platform's current report on the submission (Get Submission Details), or empty when the platform has
     * none yet for this user or id. The report names the platform's submission id and the partner session id as
     * the platform gave them (null when it gave none): the platform looks Esign details up by user, and the core
     * tells by them whether a report is about the submission it asked for. A COMPLETED, PARTIALLY_COMPLETED or
     * ERROR status comes with what it means (a result, a reason code): a KTP scan whose details lag its status is
     * reported as IN_PROGRESS, so that it is asked again instead of ending without a verdict. The core takes a
     * refusal of this read as saying nothing about the submission: it never fails one for it.
     */
    Optional<PlatformReport> fetchResult(SubmissionRef ref);

    /**
     * Starts an identity verification (SIV) and returns what the partner's front end needs to launch the SDK.
     * Sent with {@link SubmissionRef#partnerSessionId()}, as {@link #confirm} is.
     *
     * @throws PlatformRejectedException with an error whose cause is {@code DUPLICATE_PARTNER_SESSION_ID} when
     *     the platform has seen a launch under this session id: after an earlier attempt whose answer was lost,
     *     the core then launches again once under a new session id
     */
    VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input);
}
