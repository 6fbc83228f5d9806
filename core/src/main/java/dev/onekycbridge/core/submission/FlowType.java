package dev.onekycbridge.core.submission;

/** The three platform flows the bridge drives. */
public enum FlowType {
    /** Esign certificate registration: KTP and selfie sent server to server, with the user's details. */
    CERT_REG,
    /** COE KTP scan: the KTP image alone. */
    KTP_SCAN,
    /** Standalone identity verification: the user goes through the platform's SDK; the result comes back. */
    SIV;

    public boolean uploadsDocuments() {
        return this != SIV;
    }
}
