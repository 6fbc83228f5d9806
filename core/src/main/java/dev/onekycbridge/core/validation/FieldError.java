package dev.onekycbridge.core.validation;

import java.util.Objects;

/** One problem with one input field. The message never repeats the submitted value. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
