package dev.onekycbridge.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Collection;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions for rejected input: the right exception, the right field, and a message that never repeats the
 * rejected value (which may be personal data).
 */
public final class RejectionAssertions {
    private RejectionAssertions() {
    }

    /**
     * Asserts that {@code call} rejects {@code input} with an {@link InvalidValueException} for {@code field}
     * whose message does not contain the input.
     */
    public static InvalidValueException assertRejected(String input, String field, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown)
                .as("rejection of <%s>", input)
                .isInstanceOf(InvalidValueException.class);
        InvalidValueException rejection = (InvalidValueException) thrown;
        assertThat(rejection.field()).as("field rejecting <%s>", input).isEqualTo(field);
        assertDoesNotEcho(rejection.getMessage(), input);
        assertDoesNotEcho(rejection.reason(), input);
        return rejection;
    }

    /** Asserts that {@code message} contains none of {@code inputs} (blank inputs are skipped). */
    public static void assertDoesNotEcho(String message, String... inputs) {
        for (String input : inputs) {
            if (input == null || input.isBlank()) {
                continue;
            }
            assertThat(message).as("message must not echo the input").doesNotContain(input);
            assertThat(message).as("message must not echo the input").doesNotContain(input.strip());
        }
    }

    /** Asserts that no error message contains any of {@code inputs}. */
    public static void assertNoMessageEchoes(Collection<FieldError> errors, Collection<String> inputs) {
        for (FieldError error : errors) {
            assertDoesNotEcho(error.message(), inputs.toArray(String[]::new));
        }
    }
}
