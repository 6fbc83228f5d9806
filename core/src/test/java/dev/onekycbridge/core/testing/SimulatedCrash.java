package dev.onekycbridge.core.testing;

/**
 * Stands for the process dying at a chosen point. An {@link Error}, so that no service catches it and writes
 * anything afterwards, just as nothing is written after a real crash.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String where) {
        super("simulated crash " + where);
    }
}
