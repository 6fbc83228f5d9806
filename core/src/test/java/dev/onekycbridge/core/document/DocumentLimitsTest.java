package dev.onekycbridge.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class DocumentLimitsTest {
    @Test
    void theDefaultsAreOneKibibyteToTenMebibytes() {
        assertThat(DocumentLimits.DEFAULT.minBytes()).isEqualTo(1024);
        assertThat(DocumentLimits.DEFAULT.maxBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void theBoundsMayBeEqual() {
        assertThat(new DocumentLimits(1, 1).maxBytes()).isEqualTo(1);
    }

    @Test
    void theMinimumIsAtLeastOneByte() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DocumentLimits(0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new DocumentLimits(-1, 10));
    }

    @Test
    void theMaximumIsNotBelowTheMinimum() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DocumentLimits(10, 9));
    }
}
