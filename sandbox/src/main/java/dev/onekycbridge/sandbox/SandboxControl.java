package dev.onekycbridge.sandbox;

import java.util.Map;
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

    /** Forgets the recorded platform requests and their counts. */
    void clearRequests();

    /**
     * Platform requests by kind (method and path, ids replaced by their names) since the last clear: exact however
     * many, unlike the window of recorded requests.
     */
    Map<String, Long> requestCounts();

    /** Finishes the SDK journey of an SIV submission now; false if it is unknown or already finished. */
    boolean completeJourney(String submissionId);
}
