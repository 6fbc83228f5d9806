package dev.onekycbridge.core.validation;

import java.util.List;

/** A request that breaks one or more rules; carries every problem found, not only the first. */
public final class ValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): "
                + String.join(", ", errors.stream().map(FieldError::field).toList()));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
