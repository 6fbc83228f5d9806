package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.FlowType;

/**
 * A start request for a flow this deployment does not run, refused before anything is stored: the flow's
 * onboarding partner is not configured.
 */
public final class FlowNotConfiguredException extends RuntimeException {
    private final FlowType flow;
    private final String setting;

    /** @param setting the configuration key that would enable the flow (a name, never a value) */
    public FlowNotConfiguredException(FlowType flow, String setting) {
        super(flow + " is not configured in this deployment: " + setting + " is not set");
        this.flow = flow;
        this.setting = setting;
    }

    public FlowType flow() {
        return flow;
    }

    public String setting() {
        return setting;
    }
}
