package dev.onekycbridge.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationExceptionTest {
    @Test
    void carriesEveryErrorInOrder() {
        var errors = List.of(new FieldError("userDetails.nik", "is required"),
                new FieldError("userLocale", "must be en_ID or id_ID"));

        var exception = new ValidationException(errors);

        assertThat(exception.errors()).containsExactlyElementsOf(errors);
    }

    @Test
    void messageCountsTheErrorsAndNamesOnlyTheFields() {
        var exception = new ValidationException(List.of(
                new FieldError("userDetails.nik", "does not start with a valid province code"),
                new FieldError("ktp", "is empty")));

        assertThat(exception.getMessage()).isEqualTo("2 invalid field(s): userDetails.nik, ktp");
    }

    @Test
    void needsAtLeastOneError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidationException(List.of()));
    }

    @Test
    void keepsACopyThatCannotBeChanged() {
        var errors = new ArrayList<FieldError>();
        errors.add(new FieldError("nik", "is required"));
        var exception = new ValidationException(errors);

        errors.add(new FieldError("name", "is required"));

        assertThat(exception.errors()).containsExactly(new FieldError("nik", "is required"));
        assertThatThrownBy(() -> exception.errors().add(new FieldError("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
