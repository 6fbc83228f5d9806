package dev.onekycbridge.core.callback;

/** Where a stored callback stands. */
public enum InboxState {
    /** Stored, not yet applied. */
    PENDING,
    /** Applied to its submission. */
    APPLIED,
    /** Its submission is not known (yet): retried later, never dropped. */
    PARKED,
    /**
     * No submission matched it for as long as unknown callbacks are retried ({@code WorkflowSettings.matchWindow}):
     * kept for audit and retried no more. Nothing waits on it: the driver polls for every result a callback
     * would have brought.
     */
    UNMATCHED,
    /** Not a callback we can read (malformed JSON, no submission id): kept for audit, never applied. */
    REJECTED
}
