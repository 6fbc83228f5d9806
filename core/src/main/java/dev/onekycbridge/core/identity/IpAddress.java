package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A literal IPv4 or IPv6 address. Parsing never resolves a host name. */
public record IpAddress(String value) {
    private static final String FIELD = "userIp";
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:][0-9A-Fa-f:.]*$");

    public IpAddress {
        if (value == null || !isLiteral(value)) {
            throw new InvalidValueException(FIELD, "must be a valid IPv4 or IPv6 address");
        }
    }

    /**
     * Parses an address as a request gives it, stripped of spaces around it as every other field is: a missing
     * one is not a malformed one.
     */
    public static IpAddress parse(String text) {
        if (Spaces.isBlank(text)) {
            throw new InvalidValueException(FIELD, "is required");
        }
        return new IpAddress(Spaces.normalise(text).strip());
    }

    private static boolean isLiteral(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        // Only a string made of IPv6 characters with a colon reaches InetAddress, which then parses it as a
        // literal without any lookup.
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "IpAddress[" + Redaction.mask(value) + "]";
    }
}
