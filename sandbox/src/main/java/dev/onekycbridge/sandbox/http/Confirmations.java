package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.state.SandboxState;
import java.time.Instant;
import java.util.Optional;

/**
 * The confirm rule shared by Esign and COE. The platform calls {@code x-partner-session-id} its idempotency id: a
 * retried confirm with the same session id and the same body is answered as the first; any other confirm of a
 * confirmed submission conflicts. A submission left unconfirmed until its upload URLs expired is dead, and is
 * answered as one the platform does not have.
 */
final class Confirmations {

    private Confirmations() {
    }

    static ConfirmDecision decide(SandboxState state, String submissionId, String sessionId, String fingerprint) {
        Instant now = state.now();
        return state.submissions().atomically(() -> {
            Optional<Submission> found = state.submissions().find(submissionId).filter(s -> !s.abandonedAt(now));
            if (found.isEmpty()) {
                return ConfirmDecision.GONE;
            }
            Submission submission = found.get();
            if (submission.isConfirmed()) {
                if (submission.confirmation().repeats(sessionId, fingerprint)) {
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
