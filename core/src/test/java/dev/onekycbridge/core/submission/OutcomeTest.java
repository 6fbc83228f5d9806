package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.testing.TestData;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    @Test
    void toStringShowsTheVerdictAloneAndWithholdsWhatIsNoCode() {
        Outcome outcome = Outcome.of(PlatformStatus.COMPLETED, Result.of("NIK " + TestData.NIK + " not found"),
                ReasonCode.of(TestData.NAME), new VerificationResult("PASS", "PASS", "FAIL", null),
                SubmissionFixtures.ktpData(), new CertificateRegistration("reg-77", true, null, "ONB-1"),
                Instant.parse("2026-11-20T10:00:00Z"),
                Map.of("en_ID", new RejectionText("Rejected", "Hello " + TestData.NAME)));

        assertThat(outcome.toString()).isEqualTo("Outcome[" + outcome.verdict() + ", processedAt="
                + "2026-11-20T10:00:00Z]").startsWith("Outcome[COMPLETED/").doesNotContain(TestData.NIK)
                .doesNotContain(TestData.NAME).doesNotContain(TestData.NAME.toUpperCase()).doesNotContain("reg-77");
    }
}
