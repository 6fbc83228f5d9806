package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.regex.Pattern;

/** A full name as printed on the KTP: letters of any script, spaces, and the marks names use. */
public record PersonName(String value) {
    private static final String FIELD = "name";
    private static final int MAX_LENGTH = 100;
    private static final Pattern SHAPE = Pattern.compile("^[\\p{L}\\p{M}][\\p{L}\\p{M} .,'’-]*$");

    public PersonName {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(FIELD, "is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException(FIELD,
                    "may hold only letters, spaces, and the marks . , ' - and must start with a letter");
        }
    }

    /** Trims and collapses runs of spaces, of any kind ({@link Spaces}). */
    public static PersonName parse(String text) {
        return new PersonName(text == null ? null : Spaces.normalise(text).strip().replaceAll(" +", " "));
    }

    @Override
    public String toString() {
        return "PersonName[" + Redaction.mask(value) + "]";
    }
}
