package dev.onekycbridge.sandbox.model;

import java.time.Instant;

/**
 * An SIV initiate-flow request and the user's journey through the SDK.
 *
 * @param source                SDK or WEB_SDK
 * @param userToken             the SDK token, also the web launch token
 * @param tokenExpiresAt        its expiry
 * @param successRedirectionUrl where the web journey returns on completion; may be null for SDK
 * @param failureRedirectionUrl where it returns on error; may be null for SDK
 * @param completedAt           when the user finished the journey; null while it runs
 */
public record SivJourney(
        SivSource source,
        String userToken,
        Instant tokenExpiresAt,
        String successRedirectionUrl,
        String failureRedirectionUrl,
        Instant completedAt) {

    public boolean isCompleted() {
        return completedAt != null;
    }

    public SivJourney completed(Instant at) {
        return new SivJourney(source, userToken, tokenExpiresAt, successRedirectionUrl, failureRedirectionUrl, at);
    }
}
