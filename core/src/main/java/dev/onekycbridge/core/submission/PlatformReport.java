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
    /** The {@code flow} of an identity verification's details and callbacks (onekyc-api.md §4, §7). */
    private static final String SIV_FLOW_NAME = "STANDALONE_IDENTITY_VERIFICATION";

    public PlatformReport {
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Whether the report names the other Esign flow than {@code ours}: CERT_REG and identity verifications share
     * the platform's details and callback shape, and a report of the one is never about a submission of the
     * other. Only those two names count; another name, or none, says nothing either way.
     */
    public boolean namesAnotherEsignFlowThan(FlowType ours) {
        if (SIV_FLOW_NAME.equals(flow)) {
            return ours != FlowType.SIV;
        }
        return FlowType.CERT_REG.name().equals(flow) && ours != FlowType.CERT_REG;
    }

    /** The flow and the verdict, by {@link Outcome#verdict}'s rule: the rest came from outside and may be anything. */
    @Override
    public String toString() {
        return "PlatformReport[" + (flow == null ? "" : Outcome.shown(flow) + ", ") + outcome.verdict() + "]";
    }
}
