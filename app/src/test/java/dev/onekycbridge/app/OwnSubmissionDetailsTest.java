package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnSubmissionDetailsTest {
    private final Submission own = TestData.newKtpScan(TestData.partnerUser("own"), Instant.EPOCH);
    private final List<SubmissionId> asked = new ArrayList<>();
    private final OwnSubmissionDetails details = new OwnSubmissionDetails(own.id(), id -> {
        asked.add(id);
        return Optional.of(own);
    });

    @Test
    void theOwnSubmissionsDetailsAreAskedFor() {
        assertThat(details.reconcile(own.id())).contains(own);
        assertThat(asked).containsExactly(own.id());
    }

    @Test
    void anotherSubmissionIsLeftToTheServiceWithoutAskingThePlatform() {
        SubmissionId other = TestData.newKtpScan(TestData.partnerUser("other"), Instant.EPOCH).id();

        assertThatThrownBy(() -> details.reconcile(other)).isInstanceOfSatisfying(SubmissionBusyException.class,
                e -> assertThat(e.id()).isEqualTo(other));
        assertThat(asked).isEmpty();
    }
}
