package dev.onekycbridge.core.service;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.in.FailSubmissionUseCase;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.TransitionSource;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Fails a submission on an operator's word; see {@link FailSubmissionUseCase}. */
public final class FailSubmissionService implements FailSubmissionUseCase {
    /** The failure's code, so that an operator's ending reads apart from the platform's and the driver's. */
    static final String CODE = "OPERATOR";
    /** A driver step or a callback saving the same submission meanwhile is read again, this many times. */
    private static final int SAVE_ATTEMPTS = 5;

    private final SubmissionStore store;
    private final StagedDocuments staged;
    private final SubmissionEventPublisher events;
    private final Clock clock;

    public FailSubmissionService(SubmissionStore store, StagedDocuments staged, SubmissionEventPublisher events,
                                 Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.staged = Objects.requireNonNull(staged, "staged");
        this.events = IsolatedEvents.of(events);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Submission> failSubmission(SubmissionId id, String reason) {
        Objects.requireNonNull(id, "id");
        String why = checkedReason(reason);
        for (int attempt = 1; ; attempt++) {
            Optional<Submission> found = store.findById(id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Submission current = found.get();
            if (current.isFinal()) {
                throw new IllegalStateException("the submission is " + current.status() + " already");
            }
            try {
                Submission failed = store.save(current.fail(new Failure(CODE, why), TransitionSource.OPERATOR,
                        clock.instant()));
                staged.discard(failed.id());
                events.publish(new SubmissionEvent(failed, current.status(), null));
                return Optional.of(failed);
            } catch (StaleSubmissionException e) {
                if (attempt >= SAVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static String checkedReason(String reason) {
        String stripped = reason == null ? "" : reason.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("reason: is required");
        }
        if (stripped.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason: must be at most " + MAX_REASON_LENGTH + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason: must be one line, without control characters");
        }
        return stripped;
    }
}
