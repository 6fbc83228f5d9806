package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionServiceTest {
    private final WorkflowFixture f = new WorkflowFixture();
    private final RetentionService retention = new RetentionService(f.store, f.store, f.staged, f.clock);

    @Test
    void personalDataOfFinalSubmissionsOlderThanTheRetentionIsErasedAndActiveOnesAreKept() {
        Submission old = f.store.insert(TestData.newCertificateRegistration(TestData.partnerUser("old"),
                f.clock.instant()));
        f.store.save(old.fail(new Failure("400", "X"), TransitionSource.DRIVER, f.clock.instant()));
        Submission active = f.store.insert(TestData.newCertificateRegistration(TestData.partnerUser("active"),
                f.clock.instant()));
        f.advance(Duration.ofDays(31));

        int purged = retention.purgeFinishedOlderThan(Duration.ofDays(30));

        assertThat(purged).isEqualTo(1);
        Submission erased = f.store.findById(old.id()).orElseThrow();
        assertThat(erased.input()).isEmpty();
        assertThat(erased.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(f.store.findById(active.id()).orElseThrow().input()).isPresent();
        assertThat(retention.purgeFinishedOlderThan(Duration.ofDays(30))).isZero();
    }
}
