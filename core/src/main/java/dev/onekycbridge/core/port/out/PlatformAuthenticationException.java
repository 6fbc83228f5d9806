package dev.onekycbridge.core.port.out;

/** The platform refused our credentials or token, even after a fresh token. */
public final class PlatformAuthenticationException extends PlatformException {
    public PlatformAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
