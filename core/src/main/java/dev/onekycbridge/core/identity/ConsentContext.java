package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.Objects;

/** Where the user consented from: the browser or app, the address, and optionally the device. */
public record ConsentContext(String userAgent, IpAddress userIp, DeviceDetails deviceDetails) {
    public ConsentContext {
        checkUserAgent(userAgent);
        Objects.requireNonNull(userIp, "userIp");
    }

    /**
     * The rules for the user agent alone, so that a request reports them beside an invalid address. A request's
     * user agent is read like its other values first ({@link Spaces#strip}).
     */
    public static void checkUserAgent(String userAgent) {
        if (Spaces.isBlank(userAgent)) {
            throw new InvalidValueException("userAgent", "is required");
        }
        if (userAgent.length() > 1024) {
            throw new InvalidValueException("userAgent", "must be at most 1024 characters");
        }
    }
}
