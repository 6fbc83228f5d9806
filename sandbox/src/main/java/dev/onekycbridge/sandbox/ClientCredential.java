package dev.onekycbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;

/**
 * A partner's client-id / pass-key pair and the onboarding partners issued to it.
 */
public record ClientCredential(String clientId, String passKey, Set<String> onboardingPartners) {

    public ClientCredential {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(passKey, "passKey");
        if (clientId.isBlank() || passKey.isBlank()) {
            throw new IllegalArgumentException("clientId and passKey must not be blank");
        }
        onboardingPartners = Set.copyOf(onboardingPartners);
    }

    /** Compares in constant time, as a real credential check should. */
    public boolean acceptsPassKey(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                passKey.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    public boolean owns(String onboardingPartner) {
        return onboardingPartners.contains(onboardingPartner);
    }

    @Override
    public String toString() {
        return "ClientCredential[clientId=" + clientId + ", passKey=***, onboardingPartners=" + onboardingPartners
                + "]";
    }
}
