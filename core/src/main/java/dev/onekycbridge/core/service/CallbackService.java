package dev.onekycbridge.core.service;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import dev.onekycbridge.core.port.in.ProcessCallbacksUseCase;
import dev.onekycbridge.core.port.in.ReconcileSubmissionUseCase;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.ReportApplication;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.validation.InvalidValueException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Callbacks: stored first, applied after. {@link #accept} only reads the body far enough to know it is a
 * result message, then stores it; {@link #processDueCallbacks} applies stored ones to their submissions, parking
 * (and retrying later) those whose submission is not known yet, until their match window has passed: then they
 * are kept as unmatched. Nothing is ever dropped.
 *
 * <p>A KTP scan's callback carries its verdict but not the data read from the card (onekyc-api.md §6.6): once a
 * scan is COMPLETED without them, its callback is applied only after the platform's details have been asked for
 * ({@code details}, the driver's reconcile). A platform that cannot be reached, or details that lag the callback,
 * park the callback, to be tried again ({@link #CARD_DATA_ATTEMPTS} times for lagging details); a refusal leaves
 * the scan as it is.
 *
 * <p>A callback that names the other Esign flow than the submission it names (CERT_REG or identity
 * verification) is never applied to it: it is kept as unmatched.
 *
 * <p>A decoder that throws anything but {@link MalformedMessageException} has a bug of its own, which says nothing
 * of the body: the body is stored all the same, and parked whenever it is processed, until a fixed decoder reads
 * it or its match window has passed: then it is kept as unmatched, as a callback no submission matched. Such a
 * bug neither loses a callback nor holds up the others.
 *
 * <p>A callback whose submission's stored data is damaged ({@link StoredDataUnreadableException.Kind#DAMAGED}: its
 * key is configured and does not open it) is parked the same way, in case the data is repaired, and kept as
 * unmatched once its match window has passed, so that the retention purge erases its body. One under a key not
 * configured here is parked until an instance with the key applies it, however long that takes.
 */
public final class CallbackService implements AcceptCallbackUseCase, ProcessCallbacksUseCase {
    private static final System.Logger LOG = System.getLogger(CallbackService.class.getName());
    private static final int SAVE_ATTEMPTS = 5;
    /**
     * How many times a KTP scan's callback is tried while the details lag it: with the park backoff, some ten
     * minutes. Details that still lack the card's data then are taken as they are (an INVALID scan may have none).
     */
    static final int CARD_DATA_ATTEMPTS = 8;

    private final CallbackInbox inbox;
    private final MessageDecoder decoder;
    private final SubmissionStore store;
    private final StagedDocuments staged;
    private final SubmissionEventPublisher events;
    private final CallbackObserver observer;
    private final Clock clock;
    private final RandomGenerator random;
    private final WorkflowSettings settings;
    private final ReconcileSubmissionUseCase details;

    public CallbackService(CallbackInbox inbox, MessageDecoder decoder, SubmissionStore store,
                           StagedDocuments staged, SubmissionEventPublisher events, CallbackObserver observer,
                           Clock clock, RandomGenerator random, WorkflowSettings settings,
                           ReconcileSubmissionUseCase details) {
        this.inbox = inbox;
        this.decoder = decoder;
        this.store = store;
        this.staged = staged;
        this.events = IsolatedEvents.of(events);
        this.observer = observer;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.details = details;
    }

    @Override
    public CallbackReceipt accept(CallbackChannel channel, String body) {
        Instant now = clock.instant();
        try {
            decoder.decode(channel, body);
        } catch (MalformedMessageException e) {
            long id = inbox.appendRejected(channel, body, now, e.getMessage());
            observer.received(channel, "rejected");
            return new CallbackReceipt.Rejected(id, e.getMessage());
        } catch (RuntimeException e) {
            // Its message may quote the body.
            LOG.log(Level.WARNING, "the decoder failed on a " + channel + " callback (" + e.getClass().getName()
                    + "); it is stored, to be applied once the decoder reads it");
        }
        InboxAppend append = inbox.append(channel, body, now);
        observer.received(channel, append.duplicate() ? "duplicate" : "accepted");
        return append.duplicate() ? new CallbackReceipt.Duplicate(append.entryId())
                : new CallbackReceipt.Accepted(append.entryId());
    }

    @Override
    public int processDueCallbacks(int limit) {
        Instant now = clock.instant();
        Instant leasedUntil = now.plus(settings.callbackLease());
        List<InboxEntry> entries = inbox.claimDue(now, leasedUntil, limit);
        for (InboxEntry entry : entries) {
            EntryLease lease = new EntryLease(entry.id(), leasedUntil);
            // An entry ahead of it may have taken minutes (a KTP scan's details, read while the platform is slow),
            // past the batch's lease: another worker may have claimed it since, and processes it, not both. Renewed
            // only once the lease is half over, so that a batch processed in time costs no write more.
            Instant at = clock.instant();
            Duration length = settings.callbackLease();
            if (lease.holdsUntil(at.plus(length.dividedBy(2)), at.plus(length))) {
                process(entry, lease);
            }
        }
        return entries.size();
    }

    /**
     * This worker's lease of an entry, known by when it ends: it tells this worker's claim from a later one, which
     * leases the entry until later.
     */
    private final class EntryLease {
        private final long entryId;
        private Instant until;

        EntryLease(long entryId, Instant until) {
            this.entryId = entryId;
            this.until = until;
        }

        /**
         * Whether the entry is still this worker's until {@code atLeast}, its lease renewed to {@code renewTo} if it
         * ends sooner. False when another worker claimed it once the lease had run out, or it was settled: it is
         * left to that worker.
         */
        boolean holdsUntil(Instant atLeast, Instant renewTo) {
            if (!until.isBefore(atLeast)) {
                return true;
            }
            if (inbox.renewLease(entryId, until, renewTo)) {
                until = renewTo;
                return true;
            }
            LOG.log(Level.INFO, "callback " + entryId + " is left to the worker that claimed it once this one's "
                    + "lease had run out");
            return false;
        }
    }

    private void process(InboxEntry entry, EntryLease lease) {
        PlatformReport report;
        try {
            report = decoder.decode(entry.channel(), entry.body());
        } catch (MalformedMessageException e) {
            inbox.reject(entry.id(), e.getMessage(), clock.instant());
            observer.processed(entry.channel(), "rejected");
            return;
        } catch (RuntimeException e) {
            if (!isWithinMatchWindow(entry)) {
                keepUnmatched(entry, "the decoder failed on it (" + e.getClass().getName() + ")");
                return;
            }
            LOG.log(Level.WARNING, "callback " + entry.id() + " (" + entry.channel() + ") could not be decoded ("
                    + e.getClass().getName() + "); it is tried again later");
            park(entry, "decoding failed: " + e.getClass().getName());
            return;
        }
        try {
            for (int attempt = 1; ; attempt++) {
                Optional<Submission> target = locate(entry.channel(), report);
                if (target.isEmpty()) {
                    parkUnlessTooLate(entry);
                    return;
                }
                if (report.namesAnotherEsignFlowThan(target.get().flow())) {
                    String reason = "the callback names the flow " + report.flow() + ", the submission it names is a "
                            + target.get().flow();
                    inbox.markUnmatched(entry.id(), reason, clock.instant());
                    observer.processed(entry.channel(), "unmatched");
                    LOG.log(Level.INFO, "callback " + entry.id() + " (" + entry.channel() + ") is kept as unmatched: "
                            + reason);
                    return;
                }
                try {
                    Submission applied = apply(target.get(), report);
                    if (lacksCardData(applied)) {
                        // The read may take minutes (its calls retried): the entry is held as long as a driver's
                        // step is, or another worker would take it over and read the details too. The scan is
                        // final, so no lease of the submission keeps that worker out.
                        Instant now = clock.instant();
                        if (!lease.holdsUntil(now.plus(settings.lease()), now.plus(settings.lease()))) {
                            return;
                        }
                        if (!readCardData(applied) && entry.attempts() < CARD_DATA_ATTEMPTS) {
                            park(entry, "the KTP scan's details do not hold the card's data yet");
                            return;
                        }
                    }
                    inbox.markApplied(entry.id(), clock.instant());
                    observer.processed(entry.channel(), "applied");
                    return;
                } catch (StaleSubmissionException e) {
                    if (attempt >= SAVE_ATTEMPTS) {
                        park(entry, "the submission kept changing while the callback was applied");
                        return;
                    }
                }
            }
        } catch (SubmissionBusyException e) {
            // Another instance drives that submission (this one drives one submission alone): it is left to it.
            LOG.log(Level.INFO, "callback " + entry.id() + " is left to the instance that drives submission "
                    + e.id());
            park(entry, "left to the instance that drives the submission");
        } catch (RuntimeException e) {
            if (isDamagedData(e) && !isWithinMatchWindow(entry)) {
                keepUnmatched(entry, "its submission's stored data could not be read (damaged)");
                return;
            }
            LOG.log(Level.WARNING, "callback " + entry.id() + " could not be applied: " + SubmissionDriver.why(e));
            park(entry, "applying failed: " + SubmissionDriver.why(e));
        }
    }

    /**
     * Settles a callback that failed until its match window passed: parked for good, its body would outlive the
     * retention purge, which erases settled bodies only.
     */
    private void keepUnmatched(InboxEntry entry, String failure) {
        String reason = failure + " until " + settings.matchWindow() + " after its arrival";
        inbox.markUnmatched(entry.id(), reason, clock.instant());
        observer.processed(entry.channel(), "unmatched");
        LOG.log(Level.WARNING, "callback " + entry.id() + " (" + entry.channel() + ") is kept as unmatched: " + reason);
    }

    /**
     * Stored data that its configured key does not open: no instance reads it until it is repaired, unlike data
     * under a key not configured here, which another instance (or this one, once configured) reads.
     */
    private static boolean isDamagedData(RuntimeException e) {
        return e instanceof StoredDataUnreadableException unreadable
                && unreadable.kind() == StoredDataUnreadableException.Kind.DAMAGED;
    }

    /** The submission with the report applied: as saved, or as it was when the report changes nothing. */
    private Submission apply(Submission submission, PlatformReport report) {
        ReportApplication applied = submission.applyReport(report, TransitionSource.CALLBACK, clock.instant());
        if (!applied.effect().changesSubmission()) {
            return submission;
        }
        Submission saved = store.save(applied.submission());
        if (saved.releasesStagedImages(submission)) {
            staged.discard(saved.id());
        }
        events.publish(new SubmissionEvent(saved, submission.status(), applied.effect()));
        UnknownResults.warnOf(submission, saved);
        return saved;
    }

    /**
     * A KTP scan that is COMPLETED without the data read from the card, which only its details bring (and which
     * has not been erased since).
     */
    private static boolean lacksCardData(Submission submission) {
        return submission.flow() == FlowType.KTP_SCAN && submission.status() == SubmissionStatus.COMPLETED
                && submission.snapshot().purgedAt() == null
                && submission.outcome().map(outcome -> outcome.ktpData() == null).orElse(true);
    }

    /**
     * Asks the platform for a COMPLETED KTP scan's details; whether they need not be asked for again: they held
     * the card's data, or the platform refused them. An unreachable platform throws. Details that lag the
     * callback (still IN_PROGRESS, or COMPLETED without the data) leave them to be asked for again.
     */
    private boolean readCardData(Submission submission) {
        try {
            return details.reconcile(submission.id()).map(read -> !lacksCardData(read)).orElse(true);
        } catch (PlatformRejectedException e) {
            LOG.log(Level.WARNING, "the platform refused the details of KTP scan " + submission.id() + " (HTTP "
                    + e.httpStatus() + ", " + e.toFailure().code() + " " + e.toFailure().cause() + ")");
            return true;
        }
    }

    private boolean isWithinMatchWindow(InboxEntry entry) {
        return clock.instant().isBefore(entry.receivedAt().plus(settings.matchWindow()));
    }

    /**
     * Finds the submission a report is about: by the platform's submission id, else by the session id of the
     * call that started it, else (identity verifications, whose id the platform tells only in the result) by the
     * partner user's active submission in the flow — only for a report that names no session: one that names a
     * session no submission holds is about another launch (one renewed away from, or not the bridge's).
     */
    private Optional<Submission> locate(CallbackChannel channel, PlatformReport report) {
        if (report.platformSubmissionId() != null) {
            Optional<Submission> byId = store.findByPlatformSubmissionId(report.platformSubmissionId());
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (report.partnerSessionId() != null) {
            Optional<Submission> bySession = store.findByPartnerSessionId(report.partnerSessionId());
            if (bySession.isPresent()) {
                return bySession;
            }
        }
        if (channel == CallbackChannel.SIV && report.partnerSessionId() == null && report.userId() != null
                && report.userIdType() != null) {
            try {
                return store.findActive(channel.flow(), new PartnerUser(report.userId(), report.userIdType()))
                        .filter(s -> s.platformSubmissionId().isEmpty());
            } catch (InvalidValueException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Parks a callback no submission matches, or gives up on it once its match window has passed. */
    private void parkUnlessTooLate(InboxEntry entry) {
        if (!isWithinMatchWindow(entry)) {
            String reason = "no submission matched the callback within " + settings.matchWindow() + " of its arrival";
            inbox.markUnmatched(entry.id(), reason, clock.instant());
            observer.processed(entry.channel(), "unmatched");
            LOG.log(Level.INFO, "callback " + entry.id() + " (" + entry.channel() + ") is kept as unmatched: " + reason);
            return;
        }
        park(entry, "no submission matches the callback yet");
    }

    private void park(InboxEntry entry, String reason) {
        Instant retryAt = clock.instant().plus(settings.parkBackoff().delay(entry.attempts(), random)
                .plus(settings.parkBackoff().base()));
        inbox.park(entry.id(), reason, retryAt);
        observer.processed(entry.channel(), "parked");
    }
}
