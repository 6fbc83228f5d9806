package dev.onekycbridge.core.validation;

import java.util.List;

/**
 * Thrown by a value object whose input breaks a rule. The message says what is wrong in words that are safe
 * to show and log: it never contains the rejected value, which may be personal data.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    /**
     * Throws the first of a value's problems, for a caller that takes the value alone (a request reports them all);
     * nothing when there is none.
     */
    public static void throwFirst(List<FieldError> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidValueException(problems.get(0).field(), problems.get(0).message());
        }
    }

    public FieldError toFieldError(String path) {
        return new FieldError(path, reason());
    }
}
