package dev.onekycbridge.core.port.out;

/** One error item of the platform's envelope: its code (kept as text), cause and, if given, entity. */
public record PlatformError(String code, String cause, String entity) {
    @Override
    public String toString() {
        return code + " " + cause;
    }
}
