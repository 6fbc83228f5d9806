package dev.onekycbridge.core.callback;

import dev.onekycbridge.core.submission.FlowType;

/** Which receiver a callback arrived on; each flow calls back on its own path. */
public enum CallbackChannel {
    ESIGN(FlowType.CERT_REG),
    COE(FlowType.KTP_SCAN),
    SIV(FlowType.SIV);

    private final FlowType flow;

    CallbackChannel(FlowType flow) {
        this.flow = flow;
    }

    public FlowType flow() {
        return flow;
    }
}
