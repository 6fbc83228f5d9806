package dev.onekycbridge.core.submission;

/** A KTP scan sends the image alone. */
public record KtpScanInput() implements SubmissionInput {
    @Override
    public FlowType flow() {
        return FlowType.KTP_SCAN;
    }
}
