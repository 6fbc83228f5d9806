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

    @Test
    void withoutPersonalDataKeepsTheCodesAndWithholdsEveryOtherValueAndTheTexts() {
        Outcome echoing = Outcome.of(PlatformStatus.of("NIK " + TestData.NIK), Result.of(TestData.NAME),
                ReasonCode.of("NIK " + TestData.NIK + " NOT FOUND"),
                new VerificationResult(TestData.NIK, "PASS", TestData.DATE_OF_BIRTH, "FAIL"),
                SubmissionFixtures.ktpData(), new CertificateRegistration(TestData.NAME, true, false, TestData.NIK),
                Instant.parse("2026-11-20T10:00:00Z"),
                Map.of("en_ID", new RejectionText("Rejected", "Hello " + TestData.NAME)));

        Outcome kept = echoing.withoutPersonalData();

        assertThat(kept).isEqualTo(new Outcome(new PlatformStatus(Outcome.WITHHELD), new Result(Outcome.WITHHELD),
                new ReasonCode(Outcome.WITHHELD), new VerificationResult(Outcome.WITHHELD, "PASS",
                        Outcome.WITHHELD, "FAIL"), null,
                new CertificateRegistration(Outcome.WITHHELD, true, false, Outcome.WITHHELD),
                Instant.parse("2026-11-20T10:00:00Z"), Map.of()));
        assertThat(kept.withoutPersonalData()).isEqualTo(kept);
    }

    @Test
    void withoutPersonalDataKeepsAnOutcomeOfCodesAsItIsButForItsKtpDataAndTexts() {
        Outcome outcome = SubmissionFixtures.outcome(PlatformStatus.COMPLETED, Result.INVALID,
                ReasonCode.of("DUKCAPIL_REJECTED"), Instant.parse("2026-11-20T10:00:00Z"));
        CertificateRegistration uuid = new CertificateRegistration("3f2c9a1e-0b7d-4e21-9c55-7a0e4b1d2c3f", true,
                null, "NEW_USER");

        Outcome kept = outcome.withoutPersonalData();

        assertThat(kept).isEqualTo(new Outcome(outcome.status(), outcome.result(), outcome.reasonCode(),
                outcome.verificationResult(), null, outcome.certificateRegistration(), outcome.processedAt(),
                Map.of()));
        assertThat(Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, uuid, null)
                .withoutPersonalData().certificateRegistration()).as("a registration's id is a UUID").isEqualTo(uuid);
    }
}
