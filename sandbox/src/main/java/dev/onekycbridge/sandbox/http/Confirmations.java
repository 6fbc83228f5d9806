package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Instant;
import java.util.Optional;

/**
 * The confirm rule shared by Esign and COE. Any confirm of a confirmed submission conflicts, except, where the API
 * allows it, one that repeats the accepted confirm (same {@code x-partner-session-id}, the platform's idempotency
 * id, and the same body): that one is answered as the first. A submission left unconfirmed until its upload URLs
 * expired is dead, and is answered as one the platform does not have.
 */
final class Confirmations {

    /** How a confirm that repeats the accepted one is answered. */
    enum Repeat {
        /** As the first: the Esign pages say nothing of a repeated confirm (README, choice 1). */
        REPLAYED,
        /** As a conflict: COE publishes 409 for a duplicate confirm (onekyc-api.md §6.4). */
        CONFLICT
    }

    private Confirmations() {
    }

    static ConfirmDecision decide(SandboxState state, String submissionId, String sessionId, String fingerprint,
            Repeat repeat) {
        Instant now = state.now();
        return state.submissions().atomically(() -> {
            Optional<Submission> found = state.submissions().find(submissionId).filter(s -> !s.abandonedAt(now));
            if (found.isEmpty()) {
                return ConfirmDecision.GONE;
            }
            Submission submission = found.get();
            if (submission.isConfirmed()) {
                if (repeat == Repeat.REPLAYED && submission.confirmation().repeats(sessionId, fingerprint)) {
                    state.submissions().update(submissionId, Submission::confirmReplayed);
                    return ConfirmDecision.REPLAYED;
                }
                return ConfirmDecision.CONFLICT;
            }
            boolean uploaded = DocumentType.requiredFor(submission.flow()).stream()
                    .allMatch(type -> state.objects().has(submissionId, type));
            if (!uploaded) {
                return ConfirmDecision.NOT_UPLOADED;
            }
            state.submissions().update(submissionId, s -> s.confirmed(sessionId, fingerprint, now));
            return ConfirmDecision.ACCEPTED;
        });
    }
}
