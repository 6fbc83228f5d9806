package dev.onekycbridge.core.port.in;

/**
 * Applies stored callbacks that are due to their submissions; parks those whose submission is unknown, and keeps
 * as unmatched those still unknown when their match window has passed.
 */
public interface ProcessCallbacksUseCase {
    /** Processes up to {@code limit} due entries; returns how many it took. */
    int processDueCallbacks(int limit);
}
