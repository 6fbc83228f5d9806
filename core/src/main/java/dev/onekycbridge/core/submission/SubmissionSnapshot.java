package dev.onekycbridge.core.submission;

import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.identity.PartnerUser;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every field of a submission, as a store saves and loads it. Only {@link Submission} decides how a snapshot may
 * change; a store turns a snapshot into rows and back, and calls {@link Submission#restore}.
 *
 * @param partnerSessionId the {@code x-partner-session-id} of the call that starts processing (confirm or
 *     initiate flow), kept so that a retry is recognised by the platform as the same call
 * @param input null once personal data has been purged
 * @param confirmAttemptedAt when a confirm (or initiate flow) was first sent; before sending it again, the
 *     driver asks the platform whether the first one arrived
 * @param idempotencyKey the partner's {@code Idempotency-Key}, if any
 * @param requestFingerprint a hash of the request that created the submission, to tell a retry from a reuse of
 *     the key for a different request
 * @param version the store's version for optimistic locking
 */
public record SubmissionSnapshot(SubmissionId id, FlowType flow, PartnerUser partnerUser,
                                 String platformSubmissionId, String partnerSessionId, SubmissionStatus status,
                                 SubmissionInput input, Map<DocumentKind, Document> documents, Outcome outcome,
                                 VerificationLaunch launch, Failure failure, Schedule schedule,
                                 Instant confirmAttemptedAt, String idempotencyKey, String requestFingerprint,
                                 Instant createdAt, Instant updatedAt, Instant purgedAt, long version,
                                 List<HistoryEntry> history) {
    public SubmissionSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(partnerUser, "partnerUser");
        Objects.requireNonNull(partnerSessionId, "partnerSessionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        documents = documents == null || documents.isEmpty()
                ? Map.of() : Map.copyOf(new EnumMap<>(documents));
        history = history == null ? List.of() : List.copyOf(history);
        if (input != null && input.flow() != flow) {
            throw new IllegalArgumentException("input of flow " + input.flow() + " on a " + flow + " submission");
        }
    }

    /** As {@link Submission#toString}: the input, the outcome and the idempotency key stay out of logs. */
    @Override
    public String toString() {
        return "SubmissionSnapshot[" + id + ", " + flow + ", " + status + ", v" + version + "]";
    }
}
