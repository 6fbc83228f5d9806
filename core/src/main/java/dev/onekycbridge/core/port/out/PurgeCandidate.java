package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A final submission whose personal data may be purged, and its position in the purge's order: by last change,
 * then by id.
 */
public record PurgeCandidate(SubmissionId id, Instant updatedAt) {
    public PurgeCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
