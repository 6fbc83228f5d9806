package dev.onekycbridge.core.port.in;

/**
 * A request to start a standalone identity verification, as received.
 *
 * @param source {@code SDK} (native) or {@code WEB_SDK} (browser; needs both redirection URLs)
 * @param userLocale {@code en_ID} or {@code id_ID}; null means {@code id_ID}, the platform's default
 */
public record StartIdentityVerification(String partnerUserId, String partnerUserIdType, String email,
                                        String phoneNumber, DataVerificationForm dataVerification, String source,
                                        String successRedirectionUrl, String failureRedirectionUrl,
                                        String userLocale, String idempotencyKey) {
    @Override
    public String toString() {
        return "StartIdentityVerification[source=" + source + ", ***]";
    }
}
