package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.callback.CallbackChannel;

/** What the callback service reports for metrics. Implementations must be quick and must not throw. */
public interface CallbackObserver {
    CallbackObserver NONE = new CallbackObserver() {
    };

    /** @param outcome {@code accepted}, {@code duplicate} or {@code rejected} */
    default void received(CallbackChannel channel, String outcome) {
    }

    /** @param outcome {@code applied}, {@code parked}, {@code unmatched} or {@code rejected} */
    default void processed(CallbackChannel channel, String outcome) {
    }
}
