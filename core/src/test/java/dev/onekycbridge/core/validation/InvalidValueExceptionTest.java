package dev.onekycbridge.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidValueExceptionTest {
    private final InvalidValueException exception = new InvalidValueException("nik", "must be exactly 16 digits");

    @Test
    void namesTheFieldAndTheReasonInItsMessage() {
        assertThat(exception.getMessage()).isEqualTo("nik: must be exactly 16 digits");
        assertThat(exception.field()).isEqualTo("nik");
    }

    @Test
    void reasonIsTheMessageWithoutTheFieldPrefix() {
        assertThat(exception.reason()).isEqualTo("must be exactly 16 digits");
    }

    @Test
    void reasonIsExactEvenWhenTheFieldNameAppearsInIt() {
        var rejection = new InvalidValueException("url", "url must be https");

        assertThat(rejection.reason()).isEqualTo("url must be https");
    }

    @Test
    void becomesAFieldErrorUnderTheGivenPathKeepingTheReason() {
        FieldError error = exception.toFieldError("userDetails.nik");

        assertThat(error).isEqualTo(new FieldError("userDetails.nik", "must be exactly 16 digits"));
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThat(exception).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueTakenAloneThrowsItsFirstProblemAndNothingWithoutOne() {
        assertThatCode(() -> InvalidValueException.throwFirst(List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> InvalidValueException.throwFirst(List.of(new FieldError("url", "is required"),
                new FieldError("text", "is required"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("url");
                    assertThat(e.reason()).isEqualTo("is required");
                });
    }
}
