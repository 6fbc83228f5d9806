package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.PartnerUser;

/**
 * Who calls a COE submission endpoint: the user token's client, onboarding partner and user, with the sessions.
 *
 * @param clientId          the token's client
 * @param onboardingPartner named when the user token was issued
 * @param user              the partner user the token was issued for
 * @param sessionId         {@code x-partner-session-id}
 * @param sdkSessionId      {@code x-sdk-session-id}
 */
record CoeUser(String clientId, String onboardingPartner, PartnerUser user, String sessionId, String sdkSessionId) {
}
