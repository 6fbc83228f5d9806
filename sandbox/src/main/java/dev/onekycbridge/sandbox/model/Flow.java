package dev.onekycbridge.sandbox.model;

import dev.onekycbridge.sandbox.CallbackChannel;

/** The platform flows the sandbox emulates, by their wire names. */
public enum Flow {
    CERT_REG(CallbackChannel.ESIGN),
    KTP_SCAN(CallbackChannel.COE),
    STANDALONE_IDENTITY_VERIFICATION(CallbackChannel.SIV);

    private final CallbackChannel channel;

    Flow(CallbackChannel channel) {
        this.channel = channel;
    }

    public CallbackChannel channel() {
        return channel;
    }

    /**
     * Whether its results hand out download URLs for its images (KTP_SCAN and SIV details' {@code imageUrls}); a
     * CERT_REG image is only ever uploaded, never read back.
     */
    public boolean servesImages() {
        return this != CERT_REG;
    }

    /** Esign flows share the Esign endpoints (Get Submission Details); KTP_SCAN lives on COE. */
    public boolean isEsign() {
        return this != KTP_SCAN;
    }
}
