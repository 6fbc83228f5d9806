package dev.onekycbridge.sandbox.model;

import java.time.Instant;

/**
 * The accepted confirm of a submission.
 *
 * <p>Only a fingerprint of the body is kept: the sandbox has no use for the applicant's personal data.
 *
 * @param partnerSessionId the confirm's {@code x-partner-session-id}, the platform's idempotency id
 * @param bodyFingerprint  hash of the canonical request body
 * @param confirmedAt      when it was first accepted
 * @param count            how many confirm calls were answered 200 (the first and identical replays)
 */
public record Confirmation(String partnerSessionId, String bodyFingerprint, Instant confirmedAt, int count) {

    public boolean repeats(String sessionId, String fingerprint) {
        return partnerSessionId.equals(sessionId) && bodyFingerprint.equals(fingerprint);
    }

    public Confirmation replayed() {
        return new Confirmation(partnerSessionId, bodyFingerprint, confirmedAt, count + 1);
    }
}
