package dev.onekycbridge.core.submission;

/** Every reason code the platform's pages publish, with what it means for the user. */
public enum KnownReasonCode {
    DUKCAPIL_REJECTED("name, NIK or date of birth do not match the population registry"),
    DUKCAPIL_SYSTEM_ERROR("the population registry could not process the data"),
    DUKCAPIL_IRRETRIEVABLE_ERROR("the population registry could not be reached; the user may retry"),
    EMAIL_HAS_BEEN_USED("the e-mail address belongs to another user"),
    PHONE_HAS_BEEN_USED("the phone number belongs to another user"),
    SYSTEM_ERROR("the platform had an internal error"),
    FRAUD_REJECT("fraud was detected"),
    NOT_EKTP("the KTP is not an electronic KTP"),
    LIVENESS_CHECK_FAILED("the selfie failed the liveness check"),
    AETHER_VERIFICATION_FAILED("verification failed");

    private final String meaning;

    KnownReasonCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
