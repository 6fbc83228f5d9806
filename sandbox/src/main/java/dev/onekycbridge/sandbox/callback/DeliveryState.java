package dev.onekycbridge.sandbox.callback;

/** Where a callback delivery stands. */
public enum DeliveryState {
    /** Waiting for its first attempt or between attempts. */
    PENDING,
    /** Reorder fault: a PARTIALLY_COMPLETED callback waiting for the COMPLETED one to go first. */
    HELD,
    /** A 2xx answer arrived. */
    DELIVERED,
    /** Every attempt failed. */
    FAILED,
    /** Drop fault: never sent. */
    DROPPED,
    /** The scenario sends no callbacks (NO_CALLBACK). */
    SUPPRESSED,
    /** No callback URL is configured for the flow's channel. */
    NOT_CONFIGURED;

    public boolean isSettled() {
        return this != PENDING && this != HELD;
    }
}
