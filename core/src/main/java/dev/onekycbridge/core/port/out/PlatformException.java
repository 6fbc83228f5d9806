package dev.onekycbridge.core.port.out;

/** A call to the platform or its storage did not succeed. Messages never hold personal data or secrets. */
public abstract sealed class PlatformException extends RuntimeException
        permits PlatformUnavailableException, PlatformAuthenticationException, PlatformRejectedException {
    protected PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
