package dev.onekycbridge.sandbox.model;

/** The platform's statuses, and only those. */
public enum SubmissionStatus {
    INITIATED,
    IN_PROGRESS,
    PARTIALLY_COMPLETED,
    COMPLETED,
    ERROR;

    public boolean isFinal() {
        return this == COMPLETED || this == ERROR;
    }
}
