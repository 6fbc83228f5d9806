package dev.onekycbridge.core.submission;

/** What applying a platform report did to a submission. */
public enum ReportEffect {
    APPLIED,
    ENRICHED,
    DUPLICATE,
    STALE,
    CONFLICT,
    UNRECOGNISED;

    /** Whether the submission changed and should be saved. */
    public boolean changesSubmission() {
        return this != DUPLICATE;
    }
}
