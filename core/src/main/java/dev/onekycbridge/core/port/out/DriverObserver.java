package dev.onekycbridge.core.port.out;

/** What the driver reports for metrics. Implementations must be quick and must not throw. */
public interface DriverObserver {
    DriverObserver NONE = new DriverObserver() {
    };

    default void stepCompleted(DriverStep kind) {
    }

    /** @param willRetry whether the submission will be retried, or has failed for good */
    default void stepFailed(DriverStep kind, boolean willRetry) {
    }

    default void polled() {
    }
}
