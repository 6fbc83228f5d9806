package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.testing.TestData;
import org.junit.jupiter.api.Test;

class PlatformReportTest {
    @Test
    void toStringShowsTheFlowAndTheVerdictAndNothingThatIsNoCode() {
        PlatformReport report = new PlatformReport("plat-1", "CERT_REG", TestData.PARTNER_USER_ID,
                TestData.PARTNER_USER_ID_TYPE, "session-1", Outcome.of(PlatformStatus.of("echo " + TestData.NIK),
                        Result.VALID, null, null, SubmissionFixtures.ktpData(), null, null));

        assertThat(report.toString()).isEqualTo("PlatformReport[CERT_REG, (no code: withheld)/VALID]");
        assertThat(new PlatformReport(null, TestData.EMAIL, null, null, null,
                Outcome.ofStatus(PlatformStatus.COMPLETED)).toString())
                .isEqualTo("PlatformReport[(no code: withheld), COMPLETED]");
    }
}
