package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import org.junit.jupiter.api.Test;

class FailSubmissionServiceTest {
    private final WorkflowFixture f = new WorkflowFixture();
    private final FailSubmissionService operator = new FailSubmissionService(f.store, f.staged, f.events, f.clock);


    @Test
    void aSubmissionThatIsNotFinalIsFailedWithTheOperatorsReasonAndItsImagesAreDiscarded() {
        Submission s = f.accepted();
        f.runUntilIdle();

        Submission failed = operator.failSubmission(s.id(), "  the platform lost it; ticket OPS-42 ").orElseThrow();

        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure("OPERATOR", "the platform lost it; ticket OPS-42"));
        assertThat(failed.history()).last().extracting(HistoryEntry::source).isEqualTo(TransitionSource.OPERATOR);
        assertThat(f.store.findById(s.id())).contains(failed);
        assertThat(f.staged.count()).isZero();
        assertThat(f.events.events()).last().satisfies(event -> {
            assertThat(event.submission()).isEqualTo(failed);
            assertThat(event.previousStatus()).isEqualTo(SubmissionStatus.CONFIRMED);
        });
        assertThat(f.store.findActive(s.flow(), s.partnerUser())).as("the user's slot is free again").isEmpty();
    }

    @Test
    void aFinalSubmissionIsLeftAsItIs() {
        Submission s = f.accepted();
        Submission failed = operator.failSubmission(s.id(), "first").orElseThrow();

        assertThatThrownBy(() -> operator.failSubmission(s.id(), "again"))
                .isInstanceOf(IllegalStateException.class).hasMessage("the submission is FAILED already");
        assertThat(f.store.findById(s.id())).contains(failed);
    }

    @Test
    void anUnknownIdFindsNothing() {
        assertThat(operator.failSubmission(SubmissionId.random(), "why")).isEmpty();
    }

    @Test
    void theReasonIsRequiredShortAndOneLine() {
        Submission s = f.accepted();

        assertThatThrownBy(() -> operator.failSubmission(s.id(), " ")).hasMessage("reason: is required");
        assertThatThrownBy(() -> operator.failSubmission(s.id(), "x".repeat(201)))
                .hasMessage("reason: must be at most 200 characters");
        assertThatThrownBy(() -> operator.failSubmission(s.id(), "two\nlines"))
                .hasMessage("reason: must be one line, without control characters");
        assertThat(f.store.findById(s.id()).orElseThrow().status()).isEqualTo(SubmissionStatus.CREATED);
    }
}
