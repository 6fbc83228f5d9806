package dev.onekycbridge.sandbox.support;

import dev.onekycbridge.sandbox.CallbackRetry;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;

/** Sandbox options with short delays, so the whole suite stays quick. */
public final class Fast {

    public static final long PROCESSING_MILLIS = 20;
    public static final long COMPLETION_MILLIS = 20;

    private Fast() {
    }

    public static SandboxConfig config() {
        return SandboxConfig.defaults()
                .withProcessingDelayMillis(PROCESSING_MILLIS)
                .withCompletionDelayMillis(COMPLETION_MILLIS)
                .withCallbackRetry(new CallbackRetry(4, 20, 1_000));
    }

    public static SandboxOptions options() {
        return SandboxOptions.defaults().withConfig(config());
    }
}
