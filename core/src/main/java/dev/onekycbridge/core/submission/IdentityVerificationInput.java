package dev.onekycbridge.core.submission;

import dev.onekycbridge.core.identity.ContactDetails;
import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.validation.InvalidValueException;
import java.net.URI;
import java.util.Objects;

/** What starts an identity verification: the user's verified contact and where the SDK runs. */
public record IdentityVerificationInput(ContactDetails contact, LaunchSource source, URI successRedirectionUrl,
                                        URI failureRedirectionUrl, UserLocale locale)
        implements SubmissionInput {
    public IdentityVerificationInput {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(locale, "locale");
        if (source == LaunchSource.WEB_SDK && (successRedirectionUrl == null || failureRedirectionUrl == null)) {
            throw new InvalidValueException("redirectionUrls",
                    "successRedirectionUrl and failureRedirectionUrl are required for WEB_SDK");
        }
    }

    @Override
    public FlowType flow() {
        return FlowType.SIV;
    }

    @Override
    public String toString() {
        return "IdentityVerificationInput[source=" + source + ", ***]";
    }
}
