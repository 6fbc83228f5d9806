package dev.onekycbridge.core.port.out;

/**
 * The platform refused our credentials or token, even after a fresh token, or the deployment's settings (an
 * onboarding partner that is not the client's, with that refusal as the cause): for an operator to fix, not the
 * submission's fault.
 */
public final class PlatformAuthenticationException extends PlatformException {
    public PlatformAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
