package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.document.DocumentSource;

/** A request to scan a user's KTP, as received. */
public record StartKtpScan(String partnerUserId, String partnerUserIdType, DocumentSource ktp,
                           String idempotencyKey) {
    @Override
    public String toString() {
        return "StartKtpScan[***]";
    }
}
