package dev.onekycbridge.core.submission;

import java.util.Objects;
import java.util.Optional;

/**
 * A status as the platform reported it. Known values map to our lifecycle; a value the platform may add later
 * is kept as text for an operator and maps to nothing.
 */
public record PlatformStatus(String raw) {
    public static final PlatformStatus INITIATED = new PlatformStatus("INITIATED");
    public static final PlatformStatus IN_PROGRESS = new PlatformStatus("IN_PROGRESS");
    public static final PlatformStatus PARTIALLY_COMPLETED = new PlatformStatus("PARTIALLY_COMPLETED");
    public static final PlatformStatus COMPLETED = new PlatformStatus("COMPLETED");
    public static final PlatformStatus ERROR = new PlatformStatus("ERROR");

    public PlatformStatus {
        Objects.requireNonNull(raw, "raw");
    }

    public static PlatformStatus of(String raw) {
        return new PlatformStatus(raw.strip());
    }

    /** Our status for this platform status, or empty when the platform's value is not one we know. */
    public Optional<SubmissionStatus> toSubmissionStatus() {
        return Optional.ofNullable(switch (raw) {
            case "INITIATED" -> SubmissionStatus.INITIATED;
            case "IN_PROGRESS" -> SubmissionStatus.CONFIRMED;
            case "PARTIALLY_COMPLETED" -> SubmissionStatus.PARTIALLY_COMPLETED;
            case "COMPLETED" -> SubmissionStatus.COMPLETED;
            case "ERROR" -> SubmissionStatus.ERROR;
            default -> null;
        });
    }

    public boolean isRecognised() {
        return toSubmissionStatus().isPresent();
    }

    @Override
    public String toString() {
        return raw;
    }
}
