package dev.onekycbridge.core.identity;

/** How personal values appear in {@code toString()}: never whole, so that a stray log line leaks nothing. */
final class Redaction {
    private Redaction() {
    }

    static String mask(String value) {
        return value == null ? "null" : "***(" + value.length() + ")";
    }
}
