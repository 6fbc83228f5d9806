package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/** Looks up one submission by our id. */
public interface GetSubmissionUseCase {
    Optional<Submission> getSubmission(SubmissionId id);
}
