package dev.onekycbridge.adapter.web;

import java.util.regex.Pattern;

/**
 * Whether a name the client chose (a multipart part's, a query parameter's, a JSON key's) may be repeated in an
 * error's {@code field}: short, nothing but letters, digits, '_', '.' and '-', and no run of six digits or more (a
 * NIK or a phone number used as a key). Anything else is reported without it, so that no odd or long text the
 * client sent is echoed.
 */
final class PlainName {
    private static final Pattern PLAIN = Pattern.compile("(?!.*[0-9]{6})[A-Za-z0-9_.\\-]{1,64}");

    private PlainName() {
    }

    static boolean test(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }
}
