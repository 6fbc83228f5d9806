package dev.onekycbridge.sandbox;

import java.util.function.UnaryOperator;

/**
 * In-process access to what {@code /_sandbox/} offers over HTTP, for embedding code and tests.
 */
public interface SandboxControl {

    SandboxConfig config();

    /** Applies {@code change} to the current configuration and returns the result. */
    SandboxConfig updateConfig(UnaryOperator<SandboxConfig> change);

    /** Forgets submissions, tokens, objects, recorded requests and callbacks; back to the start configuration. */
    void reset();

    /** Expires every token issued so far; returns how many were still live. */
    int expireTokens();

    /** Forgets the recorded platform requests. */
    void clearRequests();

    /** Finishes the SDK journey of an SIV submission now; false if it is unknown or already finished. */
    boolean completeJourney(String submissionId);
}
