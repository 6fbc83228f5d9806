package dev.onekycbridge.core.event;

import dev.onekycbridge.core.submission.ReportEffect;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.util.Objects;

/**
 * Something happened to a submission that the embedding application may care about.
 *
 * @param previousStatus the status before the change
 * @param effect what a platform report did, or null when the change came from our own step
 */
public record SubmissionEvent(Submission submission, SubmissionStatus previousStatus, ReportEffect effect) {
    public SubmissionEvent {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(previousStatus, "previousStatus");
    }

    public boolean statusChanged() {
        return submission.status() != previousStatus;
    }

    /** The submission reached a final status with this change. */
    public boolean finished() {
        return statusChanged() && submission.isFinal();
    }
}
