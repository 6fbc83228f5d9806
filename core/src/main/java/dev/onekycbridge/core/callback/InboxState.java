package dev.onekycbridge.core.callback;

/** Where a stored callback stands. */
public enum InboxState {
    /** Stored, not yet applied. */
    PENDING,
    /** Applied to its submission. */
    APPLIED,
    /** Its submission is not known (yet): retried later, never dropped. */
    PARKED,
    /** Not a callback we can read (malformed JSON, no submission id): kept for audit, never applied. */
    REJECTED
}
