package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.validation.FreeFormJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A request to register a user for an electronic certificate, as received: every field is checked by the use
 * case, which reports all problems at once.
 *
 * @param additionalData free-form partner data passed to the platform as JSON
 * @param idempotencyKey the partner's {@code Idempotency-Key}, or null
 */
public record StartCertificateRegistration(String partnerUserId, String partnerUserIdType,
                                           UserDetailsForm userDetails, String userLocale,
                                           List<ConsentForm> consentData, Map<String, Object> additionalData,
                                           DocumentSource ktp, DocumentSource selfie, String idempotencyKey) {
    /**
     * Copies of the caller's collections, so that what is checked is what is stored: the caller may change or
     * reuse its own afterwards. Nulls are kept, for the check to report.
     */
    public StartCertificateRegistration {
        consentData = consentData == null ? null : Collections.unmodifiableList(new ArrayList<>(consentData));
        additionalData = additionalData == null ? null : FreeFormJson.copyOf(additionalData);
    }

    @Override
    public String toString() {
        return "StartCertificateRegistration[***]";
    }
}
