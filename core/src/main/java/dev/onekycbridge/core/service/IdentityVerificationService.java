package dev.onekycbridge.core.service;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartIdentityVerificationUseCase;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts identity verifications. The partner's front end needs the SDK token at once, so the launch is tried
 * inline; the submission is stored first and left to the driver if the platform cannot be reached. How long the
 * start waits for the launch is {@link InlineLaunches}'s to bound.
 */
public final class IdentityVerificationService implements StartIdentityVerificationUseCase {
    private static final System.Logger LOG = System.getLogger(IdentityVerificationService.class.getName());

    private final RequestValidator validator;
    private final SubmissionStore store;
    private final SubmissionDriver driver;
    private final SubmissionEventPublisher events;
    private final Clock clock;
    private final WorkflowSettings settings;
    private final InlineLaunches launches;

    /** Each launch on the start request's own thread, waited for to its end. */
    public IdentityVerificationService(RequestValidator validator, SubmissionStore store, SubmissionDriver driver,
                                       SubmissionEventPublisher events, Clock clock, WorkflowSettings settings) {
        this(validator, store, driver, events, clock, settings, InlineLaunches.onTheCaller());
    }

    /** @param launches where each start's launch runs, and how long the start waits for it */
    public IdentityVerificationService(RequestValidator validator, SubmissionStore store, SubmissionDriver driver,
                                       SubmissionEventPublisher events, Clock clock, WorkflowSettings settings,
                                       InlineLaunches launches) {
        this.validator = validator;
        this.store = store;
        this.driver = driver;
        this.events = IsolatedEvents.of(events);
        this.clock = clock;
        this.settings = settings;
        this.launches = Objects.requireNonNull(launches, "launches");
    }

    @Override
    public StartedSubmission startIdentityVerification(StartIdentityVerification command) {
        RequestValidator.ValidIdentityVerification valid = validator.identityVerification(command);
        var input = valid.input();
        RequestFingerprints fingerprints = fingerprints(valid);
        if (command.idempotencyKey() != null) {
            var earlier = IdempotentStart.replay(store, command.idempotencyKey(), fingerprints);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        var concurrent = IdempotentStart.againstActive(store, input.flow(), valid.partnerUser(),
                command.idempotencyKey(), fingerprints);
        if (concurrent.isPresent()) {
            return concurrent.get();
        }
        Instant now = clock.instant();
        // Due only after a grace period, in which the launch below claims it; after a crash the driver takes over.
        Submission created = Submission.create(SubmissionId.random(), valid.partnerUser(), input, java.util.List.of(),
                command.idempotencyKey(), fingerprints.current(), now).scheduleAt(now.plus(settings.launchGrace()));
        Submission stored;
        try {
            stored = store.insert(created);
        } catch (DuplicateSubmissionException e) {
            return IdempotentStart.afterDuplicate(store, e, input.flow(), valid.partnerUser(),
                    command.idempotencyKey(), fingerprints);
        }
        events.publish(new SubmissionEvent(stored, SubmissionStatus.CREATED, null));
        try {
            Optional<Submission> launched = launches.run(stored.id(), () -> driver.launchInline(stored));
            // Not launched within the wait: answered as stored, as when the platform cannot be reached (a 202).
            return new StartedSubmission(launched.isPresent() ? launched.get()
                    : store.findById(stored.id()).orElse(stored), false);
        } catch (PlatformRejectedException e) {
            Optional<Submission> launched = failUnlessLaunched(stored, e);
            if (launched.isPresent()) {
                return new StartedSubmission(launched.get(), false);
            }
            throw e;
        } catch (PlatformUnavailableException | PlatformAuthenticationException e) {
            LOG.log(Level.INFO, "identity verification {0} will be launched by the driver: {1}", stored.id(),
                    e.getClass().getSimpleName());
            return new StartedSubmission(store.findById(stored.id()).orElse(stored), false);
        } catch (StaleSubmissionException e) {
            // The platform launched it, but the submission kept changing under every save of the launch.
            LOG.log(Level.WARNING, "identity verification {0} was launched, but its launch could not be saved: the"
                    + " submission kept changing", stored.id());
            return new StartedSubmission(store.findById(stored.id()).orElse(stored), false);
        }
    }

    private static RequestFingerprints fingerprints(RequestValidator.ValidIdentityVerification valid) {
        var input = valid.input();
        String current = new RequestFingerprint().add(input.flow()).add(valid.partnerUser().userId())
                .add(valid.partnerUser().userIdType())
                .add(input.contact()).add(input.source()).add(input.successRedirectionUrl())
                .add(input.failureRedirectionUrl()).add(input.locale()).hex();
        // The formula before the contact's verification counted, kept as it was (RequestFingerprints).
        String beforeVerification = new RequestFingerprint().add(input.flow()).add(valid.partnerUser().userId())
                .add(valid.partnerUser().userIdType())
                .add(input.contact().email() == null ? "" : input.contact().email().value())
                .add(input.contact().phoneNumber() == null ? "" : input.contact().phoneNumber().value())
                .add(input.source()).add(input.successRedirectionUrl()).add(input.failureRedirectionUrl())
                .add(input.locale()).hex();
        return new RequestFingerprints(current, beforeVerification);
    }

    /**
     * Fails the submission for a refused launch if it is still CREATED. A driver may have launched it meanwhile
     * (the request found it claimed, or lost its lease while it waited to be refused); the submission so launched is
     * returned instead, with the launch the partner needs.
     */
    private Optional<Submission> failUnlessLaunched(Submission submission, PlatformRejectedException e) {
        Failure failure = e.toFailure();
        Submission current = store.findById(submission.id()).orElse(submission);
        if (current.status() == SubmissionStatus.CREATED) {
            try {
                Submission failed = store.save(current.fail(failure, TransitionSource.API, clock.instant()));
                events.publish(new SubmissionEvent(failed, current.status(), null));
                return Optional.empty();
            } catch (StaleSubmissionException stale) {
                LOG.log(Level.DEBUG, "identity verification {0} changed while it was being failed",
                        submission.id());
                current = store.findById(submission.id()).orElse(current);
            }
        }
        return Optional.of(current).filter(launched -> launched.launch().isPresent());
    }
}
