package dev.onekycbridge.core.submission;

import java.util.List;

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

    /**
     * This flow and those the platform reports on in the same place, by partner user: Esign's Get Submission
     * Details answers with the user's latest CERT_REG or SIV submission, whichever it is (onekyc-api.md §3.5), so
     * while both were active the older could not be polled for its result. One partner user has one active
     * submission among them.
     */
    public List<FlowType> sharingItsResultLookup() {
        return switch (this) {
            case CERT_REG -> List.of(CERT_REG, SIV);
            case SIV -> List.of(SIV, CERT_REG);
            case KTP_SCAN -> List.of(KTP_SCAN);
        };
    }
}
