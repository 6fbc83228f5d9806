package dev.onekycbridge.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    private final Problems problems = new Problems();

    @Test
    void givenAValidField_whenParsed_thenReturnsTheValueAndRecordsNothing() {
        Integer value = problems.parse("age", () -> 42);

        assertThat(value).isEqualTo(42);
        assertThat(problems.isEmpty()).isTrue();
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void givenAnInvalidField_whenParsed_thenReturnsNullAndRecordsTheReasonUnderThePath() {
        Object value = problems.parse("userDetails.nik", () -> {
            throw new InvalidValueException("nik", "must be exactly 16 digits");
        });

        assertThat(value).isNull();
        assertThat(problems.isEmpty()).isFalse();
        assertThat(problems.errors()).containsExactly(new FieldError("userDetails.nik", "must be exactly 16 digits"));
    }

    @Test
    void everyProblemOfOneValueIsAddedUnderItsPath() {
        problems.addAll("dataVerification.email", List.of(new FieldError("isVerified", "must be true"),
                new FieldError("verificationReferenceId", "is required")));

        assertThat(problems.errors()).containsExactly(
                new FieldError("dataVerification.email.isVerified", "must be true"),
                new FieldError("dataVerification.email.verificationReferenceId", "is required"));
    }

    @Test
    void exceptionsOtherThanInvalidValuesAreNotSwallowed() {
        assertThatNullPointerException().isThrownBy(() -> problems.parse("x", () -> {
            throw new NullPointerException("bug");
        }));
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void collectsEveryProblemInTheOrderFound() {
        problems.add("userLocale", "is required");
        problems.parse("userDetails.email", () -> {
            throw new InvalidValueException("email", "must be a valid e-mail address");
        });
        problems.add("ktp", "is empty");

        assertThat(problems.errors()).containsExactly(
                new FieldError("userLocale", "is required"),
                new FieldError("userDetails.email", "must be a valid e-mail address"),
                new FieldError("ktp", "is empty"));
    }

    @Test
    void errorsAreASnapshotThatCannotBeChanged() {
        problems.add("a", "is required");
        var snapshot = problems.errors();

        problems.add("b", "is required");

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(new FieldError("c", "d")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenNoProblems_whenThrowIfAny_thenNothingIsThrown() {
        assertThatCode(problems::throwIfAny).doesNotThrowAnyException();
    }

    @Test
    void givenProblems_whenThrowIfAny_thenAValidationExceptionCarriesAllOfThem() {
        problems.add("partnerUserId", "is required");
        problems.add("selfie", "is required");

        var exception = catchThrowableOfType(ValidationException.class, problems::throwIfAny);

        assertThat(exception.errors()).extracting(FieldError::field).containsExactly("partnerUserId", "selfie");
    }
}
