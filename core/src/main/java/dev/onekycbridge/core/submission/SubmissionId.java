package dev.onekycbridge.core.submission;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Our own identifier of a submission, independent of the platform's. */
public record SubmissionId(UUID value) {
    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public SubmissionId {
        Objects.requireNonNull(value, "value");
    }

    public static SubmissionId random() {
        return new SubmissionId(UUID.randomUUID());
    }

    /**
     * Reads a UUID in its canonical form only ({@code 8-4-4-4-12} hex digits): {@link UUID#fromString} also takes
     * {@code 1-2-3-4-5}, which would name a submission by a text that is not its id.
     */
    public static SubmissionId parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("a submission id is a UUID of 36 characters (8-4-4-4-12 hex digits)");
        }
        return new SubmissionId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
