package dev.onekycbridge.core.submission;

import java.net.URI;
import java.time.Instant;

/**
 * What the partner's front end needs to start an identity verification: an SDK token or a web launch URL, and
 * when it expires. The token is a credential: it stays out of logs.
 */
public record VerificationLaunch(String sdkToken, URI launchUrl, Instant expiresAt) {
    public VerificationLaunch {
        if (sdkToken == null && launchUrl == null) {
            throw new IllegalArgumentException("a launch needs an SDK token or a launch URL");
        }
    }

    @Override
    public String toString() {
        return "VerificationLaunch[" + (sdkToken != null ? "sdkToken=***" : "launchUrl=***") + ", expiresAt="
                + expiresAt + "]";
    }
}
