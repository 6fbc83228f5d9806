package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a certificate registration's {@code details} JSON — the same document the partner API takes as the
 * {@code details} part — into the core's command, for callers that take registrations by other means than
 * HTTP (the command line's {@code register}).
 */
public final class CertificateRegistrationDetails {
    private CertificateRegistrationDetails() {
    }

    /**
     * @throws ValidationException listing every field that cannot be read (not JSON, a value of the wrong type, a
     *     member no object takes)
     */
    public static StartCertificateRegistration parse(String detailsJson, DocumentSource ktp, DocumentSource selfie,
                                                     String idempotencyKey) {
        try {
            List<FieldError> unreadable = new ArrayList<>();
            JsonObject details = PartnerRequests.object(detailsJson, "details", unreadable);
            if (details == null) {
                throw new ValidationException(unreadable);
            }
            return PartnerRequests.certificateRegistration(details, ktp, selfie, idempotencyKey, unreadable);
        } catch (ProblemException e) {
            throw new ValidationException(e.problem().errors());
        }
    }

    /** The core's validation errors under the JSON's field names (e.g. {@code consentData[0].timeStamp}). */
    public static ValidationException withWireNames(ValidationException e) {
        return PartnerRequests.withWireNames(e);
    }
}
