package dev.onekycbridge.core.submission;

import dev.onekycbridge.core.identity.ApplicantDetails;
import dev.onekycbridge.core.identity.Consent;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.validation.FreeFormJson;
import java.util.Map;
import java.util.Objects;

/**
 * The details a certificate registration confirms with.
 *
 * @param additionalData free-form partner data passed through as JSON: values are strings, numbers, booleans,
 *     lists and maps of those
 */
public record CertificateRegistrationInput(ApplicantDetails applicant, UserLocale locale, Consent consent,
                                           Map<String, Object> additionalData) implements SubmissionInput {
    public CertificateRegistrationInput {
        Objects.requireNonNull(applicant, "applicant");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(consent, "consent");
        additionalData = additionalData == null ? Map.of() : FreeFormJson.copyOf(additionalData);
    }

    @Override
    public FlowType flow() {
        return FlowType.CERT_REG;
    }

    @Override
    public String toString() {
        return "CertificateRegistrationInput[***]";
    }
}
