package dev.onekycbridge.core.submission;

import java.util.Objects;
import java.util.UUID;

/** Our own identifier of a submission, independent of the platform's. */
public record SubmissionId(UUID value) {
    public SubmissionId {
        Objects.requireNonNull(value, "value");
    }

    public static SubmissionId random() {
        return new SubmissionId(UUID.randomUUID());
    }

    public static SubmissionId parse(String text) {
        return new SubmissionId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
