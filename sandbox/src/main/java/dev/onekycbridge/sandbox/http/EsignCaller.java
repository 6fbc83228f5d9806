package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.PartnerUser;

/**
 * Who calls an Esign endpoint, from a valid token and complete headers.
 *
 * @param clientId          the token's client
 * @param onboardingPartner the onboarding partner header, null where the endpoint takes none
 * @param user              the partner user
 * @param sessionId         {@code x-partner-session-id}
 */
record EsignCaller(String clientId, String onboardingPartner, PartnerUser user, String sessionId) {
}
