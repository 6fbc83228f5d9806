package dev.onekycbridge.app.cli;

/** The command line was not understood; the message says how to fix it. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
