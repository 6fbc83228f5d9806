package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import org.junit.jupiter.api.Test;

class VerificationResultTest {
    @Test
    void toStringShowsTheVerdictsAndWithholdsAFieldThatEchoesTheValue() {
        VerificationResult result = new VerificationResult(TestData.NIK, TestData.NAME, "PASS", null);

        assertThat(result.toString()).isEqualTo("VerificationResult[nik=(no code: withheld), name=(no code: withheld),"
                + " dateOfBirth=PASS, selfie=null]");
    }
}
