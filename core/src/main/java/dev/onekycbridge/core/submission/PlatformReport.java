package dev.onekycbridge.core.submission;

import java.util.Objects;

/**
 * One message from the platform about one submission, from a callback or a poll. The identifying fields are
 * those the platform sends; any of them may be absent except the outcome.
 *
 * @param platformSubmissionId the platform's {@code submissionId}
 * @param flow the platform's flow name, e.g. {@code STANDALONE_IDENTITY_VERIFICATION}, as sent
 * @param partnerSessionId the {@code x-partner-session-id} of the call that started processing
 */
public record PlatformReport(String platformSubmissionId, String flow, String userId, String userIdType,
                             String partnerSessionId, Outcome outcome) {
    public PlatformReport {
        Objects.requireNonNull(outcome, "outcome");
    }
}
