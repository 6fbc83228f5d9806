package dev.onekycbridge.core.submission;

/** The submission after a report was applied to it, and what the report did. */
public record ReportApplication(Submission submission, ReportEffect effect) {
}
