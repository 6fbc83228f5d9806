package dev.onekycbridge.core.submission;

import java.util.Objects;

/**
 * A refusal or error from the platform or the network: the platform's code and cause where there are any.
 * Never holds personal data.
 */
public record Failure(String code, String cause) {
    public Failure {
        Objects.requireNonNull(cause, "cause");
    }

    @Override
    public String toString() {
        return code == null ? cause : code + " " + cause;
    }
}
