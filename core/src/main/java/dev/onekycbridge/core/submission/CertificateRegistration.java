package dev.onekycbridge.core.submission;

/** What the platform says of the electronic certificate it registered for the user. */
public record CertificateRegistration(String registrationId, Boolean eligibleToActivate,
                                      Boolean shouldSkipActivation, String onboardingCode) {
}
