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

    /**
     * Reads a UUID in its canonical form only ({@code 8-4-4-4-12} hex digits): {@link UUID#fromString} also takes
     * {@code 1-2-3-4-5}, which would name a submission by a text that is not its id.
     */
    public static SubmissionId parse(String text) {
        if (text == null || !isCanonical(text)) {
            throw new IllegalArgumentException("a submission id is a UUID of 36 characters (8-4-4-4-12 hex digits)");
        }
        return new SubmissionId(UUID.fromString(text));
    }

    private static boolean isCanonical(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
