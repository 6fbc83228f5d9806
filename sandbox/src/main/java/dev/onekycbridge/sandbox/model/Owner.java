package dev.onekycbridge.sandbox.model;

import java.util.Objects;

/** The partner integration a submission belongs to. */
public record Owner(String clientId, String onboardingPartner) {

    public Owner {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(onboardingPartner, "onboardingPartner");
    }
}
