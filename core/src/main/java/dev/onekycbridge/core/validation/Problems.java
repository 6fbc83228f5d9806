package dev.onekycbridge.core.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects field errors while a request is parsed, so that every problem is reported at once. */
public final class Problems {
    private final List<FieldError> errors = new ArrayList<>();

    /** Parses one field; on failure records the error under {@code path} and returns null. */
    public <T> T parse(String path, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidValueException e) {
            errors.add(e.toFieldError(path));
            return null;
        }
    }

    public void add(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    /** Adds every problem of one value, each under {@code path} followed by the value's own field. */
    public void addAll(String path, List<FieldError> problems) {
        for (FieldError problem : problems) {
            add(path + "." + problem.field(), problem.message());
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Throws a {@link ValidationException} with every recorded error, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
