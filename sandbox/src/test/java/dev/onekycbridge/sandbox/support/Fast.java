package dev.onekycbridge.sandbox.support;

import dev.onekycbridge.sandbox.CallbackRetry;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;

/**
 * Sandbox options with short delays, so the whole suite stays quick. Retries come soon after a failed callback, but
 * each attempt may take 10 s: a receiver's answer held up by a busy machine is not a timeout, which would send the
 * callback again and break the tests that count them. A test of the timeout sets its own.
 */
public final class Fast {

    public static final long PROCESSING_MILLIS = 20;
    public static final long COMPLETION_MILLIS = 20;

    private Fast() {
    }

    public static SandboxConfig config() {
        return SandboxConfig.defaults()
                .withProcessingDelayMillis(PROCESSING_MILLIS)
                .withCompletionDelayMillis(COMPLETION_MILLIS)
                .withCallbackRetry(new CallbackRetry(4, 20, 10_000));
    }

    public static SandboxOptions options() {
        return SandboxOptions.defaults().withConfig(config());
    }
}
