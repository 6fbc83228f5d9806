package dev.onekycbridge.core.port.out;

/** A message that cannot be read as a platform report. The message says what is wrong, never the content. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
