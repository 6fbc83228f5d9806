package dev.onekycbridge.sandbox.state;

import dev.onekycbridge.sandbox.model.PartnerUser;
import java.time.Instant;

/**
 * A token the sandbox handed out.
 *
 * @param value             the opaque token text
 * @param kind              what it opens
 * @param clientId          the client it was issued to
 * @param onboardingPartner for user tokens, the onboarding partner named at issue; null otherwise
 * @param user              for user tokens, the partner user; null otherwise
 * @param submissionId      for SIV tokens, the submission; null otherwise
 * @param expiresAt         after this instant the token is refused
 */
public record IssuedToken(String value, TokenKind kind, String clientId, String onboardingPartner,
        PartnerUser user, String submissionId, Instant expiresAt) {

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
