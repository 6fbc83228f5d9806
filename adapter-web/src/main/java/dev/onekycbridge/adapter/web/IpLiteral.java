package dev.onekycbridge.adapter.web;

import java.util.Arrays;

/**
 * A literal IPv4 or IPv6 address as its bytes (4 or 16). Parsed by hand so that nothing is ever resolved: a
 * host name is simply not an address. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4
 * address it maps, so that a dual-stack socket's view of an IPv4 peer matches IPv4 blocks.
 */
final class IpLiteral {
    private final byte[] bytes;

    private IpLiteral(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address, or null when the text is not a literal IPv4 or IPv6 address. */
    static IpLiteral parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        byte[] parsed = value.indexOf(':') >= 0 ? parseIpv6(value) : parseIpv4(value);
        if (parsed == null) {
            return null;
        }
        return new IpLiteral(unmapped(parsed));
    }

    /**
     * An address as a proxy writes it in {@code X-Forwarded-For}: possibly with a port ({@code 192.0.2.1:443},
     * {@code [2001:db8::1]:443}). Null when it is not an address ({@code unknown}, an obfuscated name).
     */
    static IpLiteral parseForwarded(String element) {
        if (element == null) {
            return null;
        }
        String value = element.strip();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? null : parse(value.substring(1, close));
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && colon == value.lastIndexOf(':') && value.indexOf('.') >= 0) {
            value = value.substring(0, colon);
        }
        return parse(value);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    int bitLength() {
        return bytes.length * 8;
    }

    /** Whether bit {@code index} (0 is the most significant) is set. */
    boolean bit(int index) {
        return (bytes[index / 8] & (0x80 >>> (index % 8))) != 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpLiteral that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)));
        }
        return text.toString();
    }

    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] result = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // No leading zeros: "010" is octal to some parsers and decimal to others.
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                value = value * 10 + (ch - '0');
            }
            if (value > 255) {
                return null;
            }
            result[i] = (byte) value;
        }
        return result;
    }

    static byte[] parseIpv6(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        // An embedded IPv4 address may only end the address.
        if (doubleColon >= 0 && head.indexOf('.') >= 0) {
            return null;
        }
        int explicit = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? explicit != 8 : explicit > 7) {
            return null;
        }
        byte[] result = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            result[2 * i] = (byte) (headGroups[i] >>> 8);
            result[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            result[2 * (offset + i)] = (byte) (tailGroups[i] >>> 8);
            result[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return result;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted IPv4 address (two groups) if allowed. */
    private static int[] groups(String text, boolean ipv4AtEnd) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] result = new int[parts.length + 1];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4AtEnd && part.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                result[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                result[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                int digit = Character.digit(part.charAt(c), 16);
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            result[count++] = value;
        }
        return Arrays.copyOf(result, count);
    }

    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if ((address[10] & 0xFF) != 0xFF || (address[11] & 0xFF) != 0xFF) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }
}
