package dev.onekycbridge.sandbox;

import dev.onekycbridge.sandbox.engine.SandboxEngine;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@link SandboxControl} over a running engine. */
final class EngineControl implements SandboxControl {

    private final SandboxEngine engine;

    EngineControl(SandboxEngine engine) {
        this.engine = engine;
    }

    @Override
    public SandboxConfig config() {
        return engine.state().config();
    }

    @Override
    public SandboxConfig updateConfig(UnaryOperator<SandboxConfig> change) {
        return engine.state().updateConfig(change);
    }

    @Override
    public void reset() {
        engine.reset();
    }

    @Override
    public int expireTokens() {
        return engine.expireTokens();
    }

    @Override
    public void clearRequests() {
        engine.state().requests().clear();
    }

    @Override
    public Map<String, Long> requestCounts() {
        return engine.state().requests().counts();
    }

    @Override
    public boolean completeJourney(String submissionId) {
        return engine.completeJourney(submissionId);
    }
}
