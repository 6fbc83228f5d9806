package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;

/** The consent text shown to the user in one locale, and where its full wording is published. */
public record ConsentText(URI url, String text) {
    public ConsentText {
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new InvalidValueException("url", "must be an absolute https URL");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("text", "is required");
        }
        if (text.length() > 10_000) {
            throw new InvalidValueException("text", "must be at most 10000 characters");
        }
    }

    public static ConsentText of(String url, String text) {
        if (url == null || url.isBlank()) {
            throw new InvalidValueException("url", "is required");
        }
        try {
            return new ConsentText(new URI(url.strip()), text);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("url", "must be an absolute https URL");
        }
    }
}
