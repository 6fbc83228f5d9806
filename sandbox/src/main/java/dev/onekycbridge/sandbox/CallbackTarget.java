package dev.onekycbridge.sandbox;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A partner's callback endpoint: URL, method and an optional authentication header.
 *
 * @param url             absolute http(s) URL with a host and, if any, a port from 1 to 65535
 * @param method          POST, PUT or PATCH
 * @param authHeaderName  header carrying the partner's credential, or null for none
 * @param authHeaderValue its value, or null
 */
public record CallbackTarget(String url, CallbackMethod method, String authHeaderName, String authHeaderValue) {

    /** An HTTP field name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible characters, spaces and tabs: no CR or LF that would end the header, no other controls. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");
    /** Decimal digits, leading zeros allowed as URI does; the value is checked apart. */
    private static final Pattern PORT = Pattern.compile("0*[0-9]{1,5}");
    private static final int MAX_PORT = 65_535;

    public CallbackTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        URI uri = URI.create(url);
        if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("callback url must be an absolute http(s) URL");
        }
        checkAuthority(uri.getRawAuthority());
        if ((authHeaderName == null) != (authHeaderValue == null)) {
            throw new IllegalArgumentException("authHeaderName and authHeaderValue go together");
        }
        if (authHeaderName != null && authHeaderName.isBlank()) {
            throw new IllegalArgumentException("authHeaderName must not be blank");
        }
        // Checked here, not when sending: a header the HTTP client refuses would fail every delivery. The
        // messages never repeat the value, which is the partner's secret.
        if (authHeaderName != null && !HEADER_NAME.matcher(authHeaderName).matches()) {
            throw new IllegalArgumentException("authHeaderName must be an HTTP header name");
        }
        if (authHeaderValue != null && !HEADER_VALUE.matcher(authHeaderValue).matches()) {
            throw new IllegalArgumentException("authHeaderValue must not hold line breaks or control characters");
        }
    }

    /**
     * Refuses what the HTTP client would only refuse when sending, failing every attempt of every delivery alike:
     * no host, or a port that is not a number from 1 to 65535. URI takes any digits as a port, and a host it cannot
     * parse (one with an underscore, say) as a registry name that the client still resolves, so the authority is
     * read here. The messages never repeat the URL, which may carry credentials.
     */
    private static void checkAuthority(String authority) {
        String hostAndPort = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
        // An IPv6 literal is bracketed; any other colon starts the port.
        int hostEnd = hostAndPort.startsWith("[") ? hostAndPort.indexOf(']') + 1 : hostAndPort.indexOf(':');
        if (hostEnd < 0) {
            hostEnd = hostAndPort.length();
        }
        String rest = hostAndPort.substring(hostEnd);
        if (hostEnd == 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
            throw new IllegalArgumentException("callback url must name a host");
        }
        // An empty port ("host:") is the scheme's default, for URI and the client alike.
        String port = rest.isEmpty() ? "" : rest.substring(1);
        if (!port.isEmpty() && (!PORT.matcher(port).matches() || Integer.parseInt(port) == 0
                || Integer.parseInt(port) > MAX_PORT)) {
            throw new IllegalArgumentException("callback url port must be a number from 1 to 65535");
        }
    }

    /** A POST to {@code url} without authentication. */
    public static CallbackTarget post(String url) {
        return new CallbackTarget(url, CallbackMethod.POST, null, null);
    }

    public CallbackTarget withMethod(CallbackMethod newMethod) {
        return new CallbackTarget(url, newMethod, authHeaderName, authHeaderValue);
    }

    public CallbackTarget withAuthHeader(String name, String value) {
        return new CallbackTarget(url, method, name, value);
    }

    public boolean hasAuthHeader() {
        return authHeaderName != null;
    }

    @Override
    public String toString() {
        // The header value is the partner's secret.
        return "CallbackTarget[" + method + " " + url + (hasAuthHeader() ? ", " + authHeaderName + ": ***" : "") + "]";
    }
}
