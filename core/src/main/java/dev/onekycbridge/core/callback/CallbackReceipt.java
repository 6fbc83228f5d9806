package dev.onekycbridge.core.callback;

/** What the receiver answers for a callback: stored (new or repeated), or rejected and kept for audit. */
public sealed interface CallbackReceipt {
    long entryId();

    /** Stored durably; a worker will apply it. */
    record Accepted(long entryId) implements CallbackReceipt {
    }

    /** The same body arrived before on the same channel: nothing changes. */
    record Duplicate(long entryId) implements CallbackReceipt {
    }

    /** Unreadable; {@code reason} says why without repeating the body. */
    record Rejected(long entryId, String reason) implements CallbackReceipt {
    }
}
