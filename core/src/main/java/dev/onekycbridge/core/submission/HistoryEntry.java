package dev.onekycbridge.core.submission;

import java.time.Instant;
import java.util.Objects;

/** One line of a submission's history. {@code detail} is free of personal data (e.g. a verdict). */
public record HistoryEntry(Instant at, HistoryKind kind, SubmissionStatus from, SubmissionStatus to,
                           TransitionSource source, String detail) {
    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(source, "source");
    }
}
