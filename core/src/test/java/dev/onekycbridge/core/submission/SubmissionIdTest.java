package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionIdTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2b", "3F2B9A6E-1C4D-4E8F-9A0B-7C6D5E4F3A2B"})
    void aCanonicalUuidIsRead(String text) {
        assertThat(SubmissionId.parse(text).toString()).isEqualTo("3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2b");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"1-2-3-4-5", "3f2b9a6e1c4d4e8f9a0b7c6d5e4f3a2b", "3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2",
            "3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2bb", "3f2b9a6e-1c4d-4e8f-9a0b+7c6d5e4f3a2b",
            "3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2g", " 3f2b9a6e-1c4d-4e8f-9a0b-7c6d5e4f3a2"})
    void anythingElseIsRefusedWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> SubmissionId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a submission id is a UUID of 36 characters (8-4-4-4-12 hex digits)");
    }
}
