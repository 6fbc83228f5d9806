package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.InvalidValueException;
import dev.onekycbridge.core.validation.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** The consent text shown to the user in one locale, and where its full wording is published. */
public record ConsentText(URI url, String text) {
    private static final int MAX_TEXT_LENGTH = 10_000;
    private static final String HTTPS_ONLY = "must be an absolute https URL";

    public ConsentText {
        List<FieldError> problems = new ArrayList<>();
        if (!isAbsoluteHttps(url)) {
            problems.add(new FieldError("url", HTTPS_ONLY));
        }
        checkText(text, problems);
        InvalidValueException.throwFirst(problems);
    }

    /**
     * A consent text as sent, its URL read like every value of a request ({@link Spaces}); its first problem is
     * thrown.
     */
    public static ConsentText of(String url, String text) {
        List<FieldError> problems = new ArrayList<>();
        ConsentText read = read(url, text, problems);
        InvalidValueException.throwFirst(problems);
        return read;
    }

    /** As {@link #of}, but every problem is added under {@code path}, and then there is no text (null). */
    public static ConsentText parse(Problems problems, String path, String url, String text) {
        List<FieldError> found = new ArrayList<>();
        ConsentText read = read(url, text, found);
        problems.addAll(path, found);
        return read;
    }

    private static ConsentText read(String url, String text, List<FieldError> problems) {
        String link = Spaces.strip(url);
        URI uri = null;
        if (Spaces.isBlank(link)) {
            problems.add(new FieldError("url", "is required"));
        } else {
            try {
                uri = new URI(link);
            } catch (URISyntaxException e) {
                // Reported below as not an absolute https URL.
            }
            if (!isAbsoluteHttps(uri)) {
                problems.add(new FieldError("url", HTTPS_ONLY));
            }
        }
        // The wording is what the user was shown, paragraphs and all, and goes into a request's fingerprint as
        // sent: it is kept as sent (a wording of nothing visible is missing).
        checkText(text, problems);
        return problems.isEmpty() ? new ConsentText(uri, text) : null;
    }

    private static boolean isAbsoluteHttps(URI url) {
        return url != null && "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null;
    }

    private static void checkText(String text, List<FieldError> problems) {
        if (Spaces.isBlank(text)) {
            problems.add(new FieldError("text", "is required"));
        } else if (text.length() > MAX_TEXT_LENGTH) {
            problems.add(new FieldError("text", "must be at most " + MAX_TEXT_LENGTH + " characters"));
        }
    }
}
