package dev.onekycbridge.sandbox.engine;

import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.processing.OutcomePlan;
import dev.onekycbridge.sandbox.processing.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When nothing more can happen to a submission: from then on only its retention keeps it. */
final class Settling {

    private Settling() {
    }

    /** The moment the submission settled, or empty while something may still happen to it. */
    static Optional<Instant> settledAt(Submission s) {
        return switch (s.status()) {
            case COMPLETED, ERROR -> Optional.of(s.verdict().processedAt());
            // Abandoned: no upload after the URLs it was given expired (whatever the TTL setting says now), no SDK
            // journey after its token expired.
            case INITIATED -> Optional.of(s.journey() == null ? s.uploadUrlsExpireAt()
                    : s.journey().tokenExpiresAt());
            case IN_PROGRESS, PARTIALLY_COMPLETED -> lastStageReached(s);
        };
    }

    /** A scenario that stops short of a final status (PARTIAL_ONLY) settles where it stops. */
    private static Optional<Instant> lastStageReached(Submission s) {
        List<Stage> stages = OutcomePlan.stages(s.flow(), s.scenario());
        if (stages.isEmpty()) {
            return Optional.of(s.confirmation() != null ? s.confirmation().confirmedAt() : s.journey().completedAt());
        }
        boolean atLast = stages.get(stages.size() - 1).status() == s.status() && s.verdict() != null;
        return atLast ? Optional.of(s.verdict().processedAt()) : Optional.empty();
    }
}
