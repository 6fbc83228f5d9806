package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.Objects;

/** Where the user consented from: the browser or app, the address, and optionally the device. */
public record ConsentContext(String userAgent, IpAddress userIp, DeviceDetails deviceDetails) {
    public ConsentContext {
        if (userAgent == null || userAgent.isBlank()) {
            throw new InvalidValueException("userAgent", "is required");
        }
        if (userAgent.length() > 1024) {
            throw new InvalidValueException("userAgent", "must be at most 1024 characters");
        }
        Objects.requireNonNull(userIp, "userIp");
    }
}
