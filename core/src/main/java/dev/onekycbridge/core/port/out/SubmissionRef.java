package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import java.util.Objects;

/**
 * What the platform needs to know to address one submission.
 *
 * @param platformSubmissionId null until the platform has issued one
 * @param partnerSessionId the session id to send on calls that start processing (confirm, initiate flow) and,
 *     for KTP scans, the SDK session id; the same on every retry so the platform can recognise a repeat
 */
public record SubmissionRef(FlowType flow, PartnerUser partnerUser, String platformSubmissionId,
                            String partnerSessionId) {
    public SubmissionRef {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(partnerUser, "partnerUser");
        Objects.requireNonNull(partnerSessionId, "partnerSessionId");
    }

    public static SubmissionRef of(Submission submission) {
        return new SubmissionRef(submission.flow(), submission.partnerUser(),
                submission.platformSubmissionId().orElse(null), submission.partnerSessionId());
    }
}
