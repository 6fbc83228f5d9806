package dev.onekycbridge.sandbox.model;

import dev.onekycbridge.sandbox.Scenario;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt to verify one partner user through one flow, as the platform sees it.
 *
 * <p>Immutable: each transition returns the next state and refuses to go backwards.
 *
 * @param id                  the platform's submissionId
 * @param flow                CERT_REG, KTP_SCAN or SIV
 * @param owner               client and onboarding partner
 * @param user                the partner's user
 * @param scenario            the outcome this submission will reach
 * @param partnerSessionId    the session id of the call that created it (reported as partnerSessionId)
 * @param sdkSessionId        {@code x-sdk-session-id} of a COE submission; null otherwise
 * @param createdAt           creation time
 * @param documentReferences  the reference per document kind the partner uploads
 * @param status              platform status
 * @param verdict             outcome so far; null until processing concludes something
 * @param confirmation        the accepted confirm; null before
 * @param journey             the SIV journey; null for other flows
 * @param uploadUrlsExpireAt  when the upload URLs handed out at creation stop working; null for SIV
 */
public record Submission(
        String id,
        Flow flow,
        Owner owner,
        PartnerUser user,
        Scenario scenario,
        String partnerSessionId,
        String sdkSessionId,
        Instant createdAt,
        Map<DocumentType, String> documentReferences,
        SubmissionStatus status,
        Verdict verdict,
        Confirmation confirmation,
        SivJourney journey,
        Instant uploadUrlsExpireAt) {

    public Submission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(partnerSessionId, "partnerSessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        documentReferences = Map.copyOf(documentReferences);
        if ((flow == Flow.STANDALONE_IDENTITY_VERIFICATION) != (journey != null)) {
            throw new IllegalArgumentException("an SIV submission, and only one, has a journey");
        }
        if ((journey == null) != (uploadUrlsExpireAt != null)) {
            throw new IllegalArgumentException("an upload submission, and only one, has upload URLs");
        }
    }

    /** A CERT_REG or KTP_SCAN submission whose presigned URLs were just handed out. */
    public static Submission awaitingUpload(String id, Flow flow, Owner owner, PartnerUser user, Scenario scenario,
            String partnerSessionId, String sdkSessionId, Map<DocumentType, String> references,
            Instant uploadUrlsExpireAt, Instant now) {
        if (flow == Flow.STANDALONE_IDENTITY_VERIFICATION) {
            throw new IllegalArgumentException("SIV submissions start with initiate flow");
        }
        return new Submission(id, flow, owner, user, scenario, partnerSessionId, sdkSessionId, now, references,
                SubmissionStatus.INITIATED, null, null, null, uploadUrlsExpireAt);
    }

    /** An SIV submission whose SDK journey may now start. */
    public static Submission sivInitiated(String id, Owner owner, PartnerUser user, Scenario scenario,
            String partnerSessionId, SivJourney journey, Instant now) {
        return new Submission(id, Flow.STANDALONE_IDENTITY_VERIFICATION, owner, user, scenario, partnerSessionId,
                null, now, Map.of(), SubmissionStatus.INITIATED, null, null, journey, null);
    }

    public boolean belongsTo(String clientId, PartnerUser partnerUser) {
        return owner.clientId().equals(clientId) && user.equals(partnerUser);
    }

    public boolean isConfirmed() {
        return confirmation != null;
    }

    /**
     * Never confirmed, and the upload URLs it was given expired before {@code now} (they work up to and including
     * their expiry): the platform has given it up, and a confirm finds nothing to confirm.
     */
    public boolean abandonedAt(Instant now) {
        return confirmation == null && uploadUrlsExpireAt != null && now.isAfter(uploadUrlsExpireAt);
    }

    /** The first confirm: processing starts. */
    public Submission confirmed(String sessionId, String bodyFingerprint, Instant now) {
        if (status != SubmissionStatus.INITIATED || confirmation != null || journey != null) {
            throw new IllegalStateException("only an initiated, unconfirmed upload submission can be confirmed");
        }
        return with(SubmissionStatus.IN_PROGRESS, verdict, new Confirmation(sessionId, bodyFingerprint, now, 1),
                journey);
    }

    /** An identical confirm came again and was answered as the first. */
    public Submission confirmReplayed() {
        if (confirmation == null) {
            throw new IllegalStateException("nothing to replay");
        }
        return with(status, verdict, confirmation.replayed(), journey);
    }

    /** The SIV user finished capturing KTP and selfie: processing starts. */
    public Submission journeyCompleted(Instant now) {
        if (journey == null || journey.isCompleted() || status != SubmissionStatus.INITIATED) {
            throw new IllegalStateException("no running journey to complete");
        }
        return with(SubmissionStatus.IN_PROGRESS, verdict, confirmation, journey.completed(now));
    }

    /** Processing reached {@code next}; statuses only move forward. */
    public Submission reached(SubmissionStatus next, Verdict nextVerdict) {
        if (status.isFinal() || next.ordinal() <= status.ordinal()) {
            throw new IllegalStateException("cannot go from " + status + " to " + next);
        }
        return with(next, nextVerdict, confirmation, journey);
    }

    private Submission with(SubmissionStatus nextStatus, Verdict nextVerdict, Confirmation nextConfirmation,
            SivJourney nextJourney) {
        return new Submission(id, flow, owner, user, scenario, partnerSessionId, sdkSessionId, createdAt,
                documentReferences, nextStatus, nextVerdict, nextConfirmation, nextJourney, uploadUrlsExpireAt);
    }
}
