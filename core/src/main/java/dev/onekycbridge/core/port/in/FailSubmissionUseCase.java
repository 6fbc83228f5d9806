package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/**
 * An operator ends a submission that is not final, as FAILED with the operator's reason: one the platform will
 * never finish (polled for ever at PARTIALLY_COMPLETED, forgotten by the platform) holds its partner user's one
 * active submission in its flow, and nothing else frees it. The partner user may then start a new one. A report
 * from the platform after it is kept as a conflict, never applied.
 */
public interface FailSubmissionUseCase {
    /**
     * @param reason why, in the operator's words: shown with the submission, at most {@link #MAX_REASON_LENGTH}
     *     characters, on one line
     * @return the submission as failed; empty when no submission has that id
     * @throws IllegalArgumentException when the reason is blank, too long or not one line
     * @throws IllegalStateException when the submission is final already
     */
    Optional<Submission> failSubmission(SubmissionId id, String reason);

    int MAX_REASON_LENGTH = 200;
}
