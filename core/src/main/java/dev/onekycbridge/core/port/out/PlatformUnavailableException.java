package dev.onekycbridge.core.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * The call may succeed later: a network failure, a timeout, a 5xx or a 429 (with its Retry-After, if any) other
 * than {@code SUBMISSION_QUOTA_EXCEEDED}, or a refusal that may not be the platform's word on the request (see
 * {@link OneKycPlatform}).
 */
public final class PlatformUnavailableException extends PlatformException {
    private final int httpStatus;
    private final Duration retryAfter;

    public PlatformUnavailableException(String message, int httpStatus, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
