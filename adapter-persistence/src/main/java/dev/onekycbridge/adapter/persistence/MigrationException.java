package dev.onekycbridge.adapter.persistence;

/** The schema could not be brought to the version this build expects. */
public class MigrationException extends RuntimeException {
    MigrationException(String message) {
        super(message);
    }

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
