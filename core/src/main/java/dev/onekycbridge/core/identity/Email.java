package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address; the domain is kept in lower case. */
public record Email(String value) {
    private static final String FIELD = "email";
    private static final Pattern SHAPE = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    public Email {
        if (value == null || value.length() > 254 || !SHAPE.matcher(value).matches()
                || value.startsWith(".") || value.contains("..") || value.contains(".@") || value.indexOf('@') > 64) {
            throw new InvalidValueException(FIELD, "must be a valid e-mail address");
        }
    }

    public static Email parse(String text) {
        if (Spaces.isBlank(text)) {
            throw new InvalidValueException(FIELD, "is required");
        }
        String trimmed = Spaces.normalise(text).strip();
        int at = trimmed.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidValueException(FIELD, "must be a valid e-mail address");
        }
        return new Email(trimmed.substring(0, at) + trimmed.substring(at).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "Email[" + Redaction.mask(value) + "]";
    }
}
