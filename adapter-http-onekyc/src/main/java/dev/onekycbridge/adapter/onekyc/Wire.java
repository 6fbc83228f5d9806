package dev.onekycbridge.adapter.onekyc;

/** The platform's header names and fixed values. */
final class Wire {
    static final String CLIENT_ID = "client-id";
    static final String PASS_KEY = "pass-key";
    static final String ONEKYC_TOKEN = "x-onekyc-token";
    static final String ESIGN_ONBOARDING_PARTNER = "x-esign-onboarding-partner";
    static final String ONBOARDING_PARTNER = "x-onboarding-partner";
    static final String PARTNER_USER_ID = "x-partner-user-id";
    static final String PARTNER_USER_ID_TYPE = "x-partner-user-id-type";
    static final String PARTNER_SESSION_ID = "x-partner-session-id";
    static final String SDK_SESSION_ID = "x-sdk-session-id";
    static final String SUBMISSION_ID = "x-submission-id";

    static final String SUBMISSION_TYPE_CERT_REG = "CERT_REG";
    static final String SUBMISSION_TYPE_KTP_SCAN = "KTP_SCAN";
    static final String FLOW_SIV = "STANDALONE_IDENTITY_VERIFICATION";

    private Wire() {
    }
}
