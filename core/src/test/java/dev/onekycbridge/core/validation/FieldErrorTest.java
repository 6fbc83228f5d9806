package dev.onekycbridge.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class FieldErrorTest {
    @Test
    void holdsTheFieldPathAndTheMessage() {
        var error = new FieldError("consentData[0].userIp", "must be a valid IPv4 or IPv6 address");

        assertThat(error.field()).isEqualTo("consentData[0].userIp");
        assertThat(error.message()).isEqualTo("must be a valid IPv4 or IPv6 address");
    }

    @Test
    void needsAField() {
        assertThatNullPointerException().isThrownBy(() -> new FieldError(null, "is required"))
                .withMessage("field");
    }

    @Test
    void needsAMessage() {
        assertThatNullPointerException().isThrownBy(() -> new FieldError("nik", null))
                .withMessage("message");
    }

    @Test
    void errorsWithTheSameFieldAndMessageAreEqual() {
        assertThat(new FieldError("nik", "is required")).isEqualTo(new FieldError("nik", "is required"))
                .isNotEqualTo(new FieldError("name", "is required"));
    }
}
