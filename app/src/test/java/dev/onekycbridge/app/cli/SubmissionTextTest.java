package dev.onekycbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.Lease;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code status} says of a submission's schedule: failures only when a step failed. */
class SubmissionTextTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static String printed(Submission submission) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SubmissionText.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), submission);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStepThatFailedIsShownWithItsFailure() {
        Submission retried = TestData.newCertificateRegistration(T0)
                .retryAt(T0.plus(Duration.ofMinutes(1)), new Failure("503", "SERVICE_UNAVAILABLE"), T0);

        assertThat(printed(retried)).contains("after 1 failed attempt(s), last: ").contains("SERVICE_UNAVAILABLE");
    }

    @Test
    void aLeaseHeldOnItIsShownWithItsOwnerAndUntilWhen() {
        Submission held = TestData.newCertificateRegistration(T0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SubmissionText.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), held,
                Optional.of(new Lease("1@bridge-0-1a2b3c4d#claim", T0.plus(Duration.ofMinutes(10)))));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("lease        held by 1@bridge-0-1a2b3c4d#claim until 2026-12-06T10:10:00Z\n");
        assertThat(printed(held)).doesNotContain("lease");
    }

    @Test
    void pollsThatFoundNoResultYetAreNoFailures() {
        Submission polled = TestData.newCertificateRegistration(T0)
                .retryAt(T0.plus(Duration.ofMinutes(1)), null, T0)
                .retryAt(T0.plus(Duration.ofMinutes(3)), null, T0.plus(Duration.ofMinutes(1)));

        assertThat(printed(polled)).contains("after 2 poll(s) without a final result").doesNotContain("failed");
    }
}
