package dev.onekycbridge.core.service;

import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.in.ReconcileSubmissionUseCase;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DriverStep;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.port.out.UnreadableDocumentException;
import dev.onekycbridge.core.port.out.UploadOutcome;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.ReportApplication;
import dev.onekycbridge.core.submission.ReportEffect;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The durable workflow. Each claimed submission is advanced by one step, and every step is saved before the
 * next begins:
 * <ol>
 *   <li>CREATED: ask for upload URLs (or, for an identity verification, launch it);</li>
 *   <li>INITIATED: upload the documents not yet uploaded;</li>
 *   <li>UPLOADED: confirm — after a crash, only once the platform's details show the first confirm did not
 *   arrive;</li>
 *   <li>CONFIRMED and PARTIALLY_COMPLETED: wait for the callback, then poll with backoff until a final status.</li>
 * </ol>
 * Transient failures back off with full jitter; a refusal by the platform of a step that acts (upload URLs,
 * confirm, launch) fails the submission with the platform's code and cause, unless the submission has moved on
 * meanwhile. A refused status read says nothing about the submission and is retried like a transient failure.
 */
public final class SubmissionDriver implements AdvanceDueSubmissionsUseCase, ReconcileSubmissionUseCase {
    private static final System.Logger LOG = System.getLogger(SubmissionDriver.class.getName());
    /** The platform's refusal of an identity verification launched again under a session id it has seen. */
    static final String DUPLICATE_PARTNER_SESSION_ID = "DUPLICATE_PARTNER_SESSION_ID";
    /**
     * The longest wait a platform's {@code Retry-After} may ask for: a month covers any quota window, and a
     * larger value (a misread unit, a typo) would park the submission for years or overflow the schedule.
     */
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(30);
    /**
     * The waits before each further attempt of the write that ends a failed step (its retry's schedule, or the
     * lease's release) after the store failed: a database restart fails the connections in hand once, and a lease
     * left held keeps the submission from every claim until it runs out (10 minutes by default).
     */
    static final List<Duration> STORE_RETRY_WAITS = List.of(Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(2));

    /** How many times a launch is saved onto a submission that keeps changing under it (callbacks) before giving up. */
    static final int LAUNCH_SAVE_ATTEMPTS = 5;

    private final OneKycPlatform platform;
    private final DocumentUploader uploader;
    private final SubmissionStore store;
    private final DueSubmissions due;
    private final StagedDocuments staged;
    private final SubmissionEventPublisher events;
    private final DriverObserver observer;
    private final Clock clock;
    private final RandomGenerator random;
    private final WorkflowSettings settings;
    private final String owner;
    private final PlatformTrouble trouble;
    /** The claims whose steps run now, for {@link #renewClaims}. */
    private final Set<Claim> running = ConcurrentHashMap.newKeySet();

    public SubmissionDriver(OneKycPlatform platform, DocumentUploader uploader, SubmissionStore store,
                            DueSubmissions due, StagedDocuments staged, SubmissionEventPublisher events,
                            DriverObserver observer, Clock clock, RandomGenerator random,
                            WorkflowSettings settings, String owner) {
        this.platform = platform;
        this.uploader = uploader;
        this.store = store;
        this.due = due;
        this.staged = staged;
        this.events = IsolatedEvents.of(events);
        this.observer = observer;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.owner = owner;
        this.trouble = new PlatformTrouble(LOG, clock);
    }

    /**
     * Claims and advances due submissions one at a time, so that each step starts right after its claim. Every
     * claim has its own owner token: a thread's release never ends a lease another thread of the same instance
     * holds. A step whose saved state is due at once (urls → uploads → confirm) goes on to
     * that next step under the same claim, its save having renewed the lease: each step is still saved before the
     * next begins, without a claim and a reload in between. Any other step's save ends its lease in the same
     * write; a step that ends without saving releases it on its own. Every step counts towards {@code limit}.
     */
    @Override
    public int advanceDueSubmissions(int limit) {
        int advanced = 0;
        while (advanced < limit) {
            Instant now = clock.instant();
            Claim claim = new Claim(owner + "#" + UUID.randomUUID(), now.plus(settings.lease()));
            List<Submission> claimed = due.claimDue(now, settings.lease(), 1, claim.owner);
            if (claimed.isEmpty()) {
                return advanced;
            }
            Submission submission = claimed.get(0);
            claim.id = submission.id();
            running.add(claim);
            try {
                boolean carried = false;
                while (submission != null) {
                    claim.startStep(advanced + 1 < limit, carried);
                    carried = true;
                    advance(submission, claim);
                    advanced++;
                    submission = claim.next;
                }
            } finally {
                running.remove(claim);
                if (!claim.ended) {
                    SubmissionId id = claimed.get(0).id();
                    retryingTheStore(() -> due.release(id, claim.owner));
                }
            }
        }
        return advanced;
    }

    /**
     * Renews each running claim's lease once less than half of it is left: those of the steps of
     * {@link #advanceDueSubmissions}, of the launches of {@link #launchInline} and of the polls of
     * {@link #reconcile}, whichever thread runs them. A lease found lost (the store unreachable past its end, and
     * another instance's claim since) is the step's no more: the step saves nothing (the store refuses the save of
     * an owner without the lease) and does not go on to the next.
     */
    @Override
    public void renewClaims() {
        for (Claim claim : running) {
            Instant now = clock.instant();
            if (claim.ended || claim.lost
                    || Duration.between(now, claim.until).compareTo(settings.lease().dividedBy(2)) > 0) {
                continue;
            }
            Instant until = now.plus(settings.lease());
            if (due.renew(claim.id, claim.owner, until)) {
                claim.until = until;
            } else if (!claim.ended) {
                claim.lost = true;
                LOG.log(Level.WARNING, "the lease on submission " + claim.id + " was lost while its step ran");
            }
        }
    }

    /**
     * The lease the steps of one claim run under. Once a step's last save has ended it, another claim may start
     * the next step at once, so the step writes nothing more to the submission; a save that renewed it instead
     * hands the saved submission on as {@link #next}.
     */
    private static final class Claim {
        private final String owner;
        private SubmissionId id;
        /** Written by {@link #renewClaims} too, from another thread. */
        private volatile Instant until;
        private volatile boolean lost;
        private boolean mayGoOn;
        private boolean saved;
        private volatile boolean ended;
        private Submission next;
        /** Whether the submission being stepped was handed on by this claim's previous step, saved just before. */
        private boolean carried;

        private Claim(String owner, Instant until) {
            this.owner = owner;
            this.until = until;
        }

        private void startStep(boolean mayGoOn, boolean carried) {
            this.mayGoOn = mayGoOn;
            this.carried = carried;
            this.saved = false;
            this.next = null;
        }

        /** Whether a step ending at {@code now} in {@code state} goes on under this lease: due, and still ours. */
        private boolean goesOnWith(Submission state, Instant now) {
            Instant dueAt = state.schedule().nextStepAt();
            return mayGoOn && !lost && !state.isFinal() && dueAt != null && !dueAt.isAfter(now)
                    && now.isBefore(until);
        }
    }

    /**
     * Polls under a lease of its own, so that it never races a step of a running driver: a submission whose lease
     * another holds is passed over. The lease is renewed by {@link #renewClaims} while the poll runs, as a step's
     * is: a platform that answers slowly, its calls retried, may keep the poll past the lease. A callback's save
     * meanwhile makes the poll's save stale; it is polled again once, and after a second such save left to the
     * service that keeps changing it.
     */
    @Override
    public Optional<Submission> reconcile(SubmissionId id) {
        Optional<Submission> found = store.findById(id);
        if (found.isEmpty()) {
            return found;
        }
        try {
            if (found.get().isFinal()) {
                return Optional.of(poll(found.get(), false, null)); // no driver steps it: nothing to keep apart
            }
            Instant now = clock.instant();
            Claim claim = new Claim(owner + "#reconcile-" + UUID.randomUUID(), now.plus(settings.lease()));
            claim.id = id;
            Submission claimed = due.claimIfFree(id, now, settings.lease(), claim.owner)
                    .orElseThrow(() -> new SubmissionBusyException(id));
            running.add(claim);
            try {
                try {
                    return Optional.of(poll(claimed, false, claim));
                } catch (StaleSubmissionException e) {
                    Submission current = store.findById(id).orElseThrow();
                    return Optional.of(current.isFinal() ? current : poll(current, false, claim));
                }
            } catch (StaleSubmissionException e) {
                throw new SubmissionBusyException(id);
            } finally {
                running.remove(claim);
                if (!claim.ended) {
                    retryingTheStore(() -> due.release(id, claim.owner));
                }
            }
        } catch (ReadRefusedException e) {
            throw e.refusal;
        }
    }

    /** Advances one submission by one step; failures are recorded on it, never thrown. */
    private void advance(Submission submission, Claim claim) {
        DriverStep kind = stepOf(submission);
        try {
            step(submission, claim);
            observer.stepCompleted(kind);
            trouble.succeeded();
        } catch (StaleSubmissionException e) {
            // Somebody (a callback) saved it meanwhile; it is due again and the next claim sees the new state.
            LOG.log(Level.DEBUG, "submission {0} changed during its {1} step", submission.id(), kind);
        } catch (RuntimeException e) {
            if (claim.saved) {
                // The step's outcome is saved (what failed came after it: discarding the images).
                // It does not go on; if its save ended the lease, another claim may be working on it already.
                claim.next = null;
                observer.stepFailed(kind, true);
                LOG.log(Level.WARNING, "after step " + kind + " of submission " + submission.id() + ": " + why(e));
                return;
            }
            failed(submission, kind, claim, e);
        }
    }

    private void failed(Submission submission, DriverStep kind, Claim claim, RuntimeException e) {
        claim.mayGoOn = false; // a retry waits for its backoff and a new claim, even when the backoff is zero
        if (e instanceof PlatformUnavailableException unavailable) {
            observer.stepFailed(kind, true);
            String message = ClientMessages.of(e);
            trouble.failed(PlatformTrouble.Kind.UNAVAILABLE, message);
            retryLater(submission.id(), unavailable.retryAfter().orElse(null), new Failure(
                    unavailable.httpStatus() == 0 ? null : "HTTP " + unavailable.httpStatus(), message), claim);
        } else if (e instanceof PlatformAuthenticationException) {
            // The client already refreshed the token once; more of the same needs an operator to fix credentials.
            observer.stepFailed(kind, true);
            trouble.failed(PlatformTrouble.Kind.CREDENTIALS_REFUSED, ClientMessages.of(e));
            // A refusal that names what it refused (an onboarding partner that is not the client's, a token host's
            // cause) is the last failure as it came: read as UNAUTHORIZED, it sent the operator to the credentials.
            // Any other is the client's account of it (which call, which status, the platform's code if it sent one,
            // or the allow-list a firewall's page points to), not a code the platform may not have sent.
            Failure failure = e.getCause() instanceof PlatformRejectedException refused && !refused.errors().isEmpty()
                    ? refused.toFailure() : new Failure(null, ClientMessages.of(e));
            retryLater(submission.id(), null, failure, claim);
        } else if (e instanceof ReadRefusedException refused) {
            observer.stepFailed(kind, true);
            trouble.failed(PlatformTrouble.Kind.READ_REFUSED, ClientMessages.of(e));
            retryLater(submission.id(), null, refused.refusal.toFailure(), claim);
        } else if (e instanceof PlatformRejectedException rejected) {
            observer.stepFailed(kind, false);
            failFor(submission, rejected, claim);
        } else {
            observer.stepFailed(kind, true);
            LOG.log(Level.WARNING, "step " + kind + " of submission " + submission.id() + " failed: " + why(e));
            retryLater(submission.id(), null, new Failure(null, why(e)), claim);
        }
    }

    /**
     * What failed, for the log and the submission's last failure: a store's own message (the operation and the
     * database's trouble, never a stored value) or a flow's that is not configured (the setting that runs it), else
     * only the exception's class, whose message may hold anything.
     */
    static String why(RuntimeException e) {
        boolean toldInWords = e instanceof StoreUnavailableException || e instanceof FlowNotConfiguredException;
        return toldInWords && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void step(Submission submission, Claim claim) {
        switch (submission.status()) {
            case CREATED -> {
                if (submission.flow() == FlowType.SIV) {
                    launch(submission, claim);
                } else {
                    requestUploadUrls(submission, claim);
                }
            }
            case INITIATED -> {
                if (submission.flow() == FlowType.SIV) {
                    poll(submission, true, claim);
                } else {
                    uploadDocuments(submission, claim);
                }
            }
            case UPLOADED -> confirm(submission, claim);
            case CONFIRMED, PARTIALLY_COMPLETED -> poll(submission, true, claim);
            default -> {
                // Final: nothing left to do.
            }
        }
    }

    private void requestUploadUrls(Submission submission, Claim claim) {
        UploadUrls urls = platform.requestUploadUrls(SubmissionRef.of(submission));
        save(submission, submission.initiate(urls.platformSubmissionId(), urls.targets(), clock.instant()), null,
                claim);
    }

    /**
     * Launches a new identity verification for the start request, under a lease of its own as a step of the driver
     * runs (renewed by {@link #renewClaims}): the driver does not launch it a second time while the request's call
     * to the platform takes longer than the launch grace, retries included. If the request's process dies, the
     * driver takes over once the lease has run out. A submission the driver holds already is returned as it is.
     */
    Submission launchInline(Submission created) {
        Instant now = clock.instant();
        Claim claim = new Claim(owner + "#launch-" + UUID.randomUUID(), now.plus(settings.lease()));
        claim.id = created.id();
        Optional<Submission> claimed = due.claimIfFree(created.id(), now, settings.lease(), claim.owner);
        if (claimed.isEmpty()) {
            return store.findById(created.id()).orElse(created);
        }
        running.add(claim);
        try {
            claim.startStep(false, false);
            return launch(claimed.get(), claim);
        } finally {
            running.remove(claim);
            if (!claim.ended) {
                retryingTheStore(() -> due.release(created.id(), claim.owner));
            }
        }
    }

    private Submission launch(Submission submission, Claim claim) {
        Instant now = clock.instant();
        Submission attempted = submission.confirmAttempted() ? submission
                : store.save(submission.recordConfirmAttempt(now));
        IdentityVerificationInput input = (IdentityVerificationInput) attempted.input().orElseThrow();
        VerificationLaunch launch;
        try {
            launch = platform.initiateVerification(SubmissionRef.of(attempted), input);
        } catch (PlatformRejectedException e) {
            if (!submission.confirmAttempted() || !e.hasCause(DUPLICATE_PARTNER_SESSION_ID)) {
                throw e;
            }
            // An earlier launch under this session id reached the platform, which will not answer it twice; its
            // answer, with the token the user needs, was lost. The verification goes on under a session of its own;
            // the earlier one stays unused at the platform and runs out.
            Instant renewedAt = clock.instant();
            attempted = store.save(attempted.renewPartnerSession(UUID.randomUUID().toString(), renewedAt)
                    .recordConfirmAttempt(renewedAt));
            launch = platform.initiateVerification(SubmissionRef.of(attempted), input);
        }
        Instant after = clock.instant();
        try {
            return save(attempted, attempted.initiateVerification(launch, after.plus(settings.pollAfter()), after),
                    null, claim);
        } catch (StaleSubmissionException e) {
            return keepLaunch(attempted, launch, claim);
        }
    }

    /**
     * Saves a launch onto the submission as it is now, after its save found it changed while the platform answered
     * (a callback may land first, even one that completes it). The launch belongs to it still, unless the bridge
     * ended it or renewed its session to launch again: then it is returned as it is, for that launch to come.
     */
    private Submission keepLaunch(Submission launched, VerificationLaunch launch, Claim claim) {
        for (int attempt = 1; ; attempt++) {
            Submission current = store.findById(launched.id()).orElseThrow();
            SubmissionStatus status = current.status();
            if (!current.partnerSessionId().equals(launched.partnerSessionId()) || current.launch().isPresent()
                    || status == SubmissionStatus.FAILED || status == SubmissionStatus.EXPIRED
                    || current.snapshot().purgedAt() != null) {
                LOG.log(Level.DEBUG, "identity verification {0} moved on while it was launched; the launch is"
                        + " not kept", launched.id());
                return current;
            }
            Instant now = clock.instant();
            Submission next = status == SubmissionStatus.CREATED
                    ? current.initiateVerification(launch, now.plus(settings.pollAfter()), now)
                    : current.keepLaunch(launch, now);
            try {
                return save(current, next, null, claim);
            } catch (StaleSubmissionException e) {
                if (attempt >= LAUNCH_SAVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Uploads every document not yet uploaded, then saves them all as uploaded at once: an upload is idempotent,
     * so one that is repeated after a crash or a failed sibling costs only its bytes, while a save per document
     * cost a write each. When the confirm follows at once under this claim, the save also records its attempt
     * (see {@link #confirm}).
     */
    private void uploadDocuments(Submission submission, Claim claim) {
        List<Document> pending = submission.documents().values().stream()
                .filter(document -> !document.isUploaded())
                .sorted(Comparator.comparing(Document::kind))
                .toList();
        Submission uploaded = submission;
        for (Document next : pending) {
            Instant now = clock.instant();
            if (next.urlExpiredAt(now)) {
                expire(submission, now, claim);
                return;
            }
            Optional<DocumentSource> source = staged.find(submission.id(), next.kind());
            if (source.isEmpty()) {
                // Gone for good: a store that cannot look (its image folder unmounted) throws its outage instead.
                LOG.log(Level.WARNING, "submission " + submission.id() + " (" + submission.flow() + ") FAILED: its"
                        + " staged " + next.kind() + " image is gone (STAGED_DOCUMENT_MISSING)");
                failForStagedImage(submission, "STAGED_DOCUMENT_MISSING", now, claim);
                return;
            }
            UploadOutcome outcome;
            try {
                outcome = uploader.upload(next.uploadUrl(), next.facts(), source.get());
            } catch (UnreadableDocumentException e) {
                // Damaged or cut off: every retry would read the same bytes, until the upload URL expired.
                LOG.log(Level.WARNING, "a staged image of submission " + submission.id() + " cannot be read: "
                        + ClientMessages.of(e));
                failForStagedImage(submission, "STAGED_DOCUMENT_UNREADABLE", clock.instant(), claim);
                return;
            }
            if (outcome == UploadOutcome.URL_EXPIRED) {
                expire(submission, clock.instant(), claim);
                return;
            }
            uploaded = uploaded.markUploaded(next.kind(), clock.instant());
        }
        if (uploaded == submission) {
            return;
        }
        if (uploaded.status() == SubmissionStatus.UPLOADED && claim != null
                && claim.goesOnWith(uploaded, clock.instant())) {
            uploaded = uploaded.recordConfirmAttempt(clock.instant());
        }
        save(submission, uploaded, null, claim);
    }

    /** No image the platform would take for the inspected one: the submission fails, and what is left goes. */
    private void failForStagedImage(Submission submission, String code, Instant now, Claim claim) {
        Submission failed = save(submission, submission.fail(new Failure(null, code), TransitionSource.DRIVER, now),
                null, claim);
        staged.discard(failed.id());
    }

    private void expire(Submission submission, Instant now, Claim claim) {
        Submission expired = save(submission, submission.expire(now), null, claim);
        staged.discard(expired.id());
    }

    /**
     * Confirms. An attempt recorded earlier means a confirm may have been sent (by a process that then crashed,
     * or before a failure), so the platform is asked first, unless the attempt was saved by the upload step that
     * handed this submission on under the same claim: nothing can have sent it since.
     */
    private void confirm(Submission submission, Claim claim) {
        boolean mayHaveBeenSent = submission.confirmAttempted() && (claim == null || !claim.carried);
        if (mayHaveBeenSent && platformHasConfirmed(submission, claim)) {
            return;
        }
        Instant now = clock.instant();
        if (submission.documents().values().stream().anyMatch(document -> document.urlExpiredAt(now))) {
            // Not confirmed, and the URLs the platform issued for it are past their lifetime: it expires, as it
            // would before its uploads, instead of confirming for ever.
            expire(submission, now, claim);
            return;
        }
        Submission attempted = submission.confirmAttempted() ? submission
                : store.save(submission.recordConfirmAttempt(clock.instant()));
        try {
            platform.confirm(SubmissionRef.of(attempted), attempted.input().orElseThrow());
        } catch (PlatformRejectedException e) {
            // A 409 says the submission is past the state a confirm needs: the first confirm did arrive.
            if (e.httpStatus() == 409 && platformHasConfirmed(attempted, claim)) {
                return;
            }
            throw e;
        }
        Instant confirmedAt = clock.instant();
        Submission confirmed = save(attempted, attempted.confirm(confirmedAt.plus(settings.pollAfter()), confirmedAt),
                null, claim);
        staged.discard(confirmed.id());
    }

    /** Asks the platform whether an earlier confirm arrived; if so, applies what it says and returns true. */
    private boolean platformHasConfirmed(Submission submission, Claim claim) {
        Optional<PlatformReport> report = fetchResult(submission);
        if (report.isEmpty() || !concerns(report.get(), submission)) {
            return false;
        }
        Optional<SubmissionStatus> status = report.get().outcome().status().toSubmissionStatus();
        if (status.isEmpty() || !status.get().isAfter(SubmissionStatus.UPLOADED)) {
            return false;
        }
        Instant now = clock.instant();
        ReportApplication applied = submission.applyReport(report.get(), TransitionSource.POLL, now);
        Submission next = applied.submission();
        if (!next.isFinal()) {
            next = next.scheduleAt(now.plus(settings.pollAfter()));
        }
        Submission saved = save(submission, next, applied.effect(), claim);
        staged.discard(saved.id());
        return true;
    }

    private Submission poll(Submission submission, boolean reschedule, Claim claim) {
        boolean launchExpired = launchExpired(submission, clock.instant());
        if (submission.platformSubmissionId().isEmpty() && submission.flow() == FlowType.KTP_SCAN) {
            return submission;
        }
        Optional<PlatformReport> report;
        observer.polled();
        try {
            report = fetchResult(submission);
        } catch (ReadRefusedException e) {
            if (!launchExpired) {
                throw e;
            }
            // The token is gone and the platform will not say more: retried for ever, the verification would
            // hold the user's one active slot for ever.
            LOG.log(Level.INFO, "identity verification {0} expires; its last status read was refused",
                    submission.id());
            report = Optional.empty();
        }
        Submission next = submission;
        ReportEffect effect = null;
        if (report.isPresent() && concerns(report.get(), submission)) {
            ReportApplication applied = submission.applyReport(report.get(), TransitionSource.POLL, clock.instant());
            next = applied.submission();
            effect = applied.effect();
        }
        if (launchExpired && !next.status().isAfter(SubmissionStatus.INITIATED)) {
            // The last look found nothing past the launch: the user never finished before the token expired. What
            // it did find (the platform's id, its note in the history) is kept.
            return save(submission, next.expire(clock.instant()), effect, claim);
        }
        if (!next.isFinal() && reschedule) {
            int polls = next.schedule().failedAttempts();
            Duration ceiling = settings.pollBackoff().ceiling(polls);
            // Half fixed, half random: polls spread out but never come back at once.
            Duration wait = ceiling.dividedBy(2).plusMillis(random.nextLong(ceiling.toMillis() / 2 + 1));
            next = next.retryAt(clock.instant().plus(wait), null, clock.instant());
        }
        if (next == submission) {
            return submission;
        }
        Submission saved = save(submission, next, effect, claim);
        if (saved.releasesStagedImages(submission)) {
            staged.discard(saved.id());
        }
        return saved;
    }

    /** Whether an identity verification is still waiting for its user after its launch token expired. */
    private static boolean launchExpired(Submission submission, Instant now) {
        return submission.flow() == FlowType.SIV && submission.status() == SubmissionStatus.INITIATED
                && submission.launch().map(l -> l.expiresAt() != null && !now.isBefore(l.expiresAt())).orElse(false);
    }

    /**
     * Whether a polled report is about this submission. The platform looks Esign details up by partner user, so
     * it may answer with the user's other, older submission, which must not lend this one its id or verdict:
     * <ul>
     *   <li>a submission without a platform id yet takes a report only when the report's partner session id is
     *   its own (a platform id it does not hold proves nothing), or, for an identity verification, whose result is
     *   asked for by that session id, when the report names no session;</li>
     *   <li>a submission with a platform id takes a report only when the reported platform id is that id, or,
     *   when the report names none, when the report's session id is its own or absent.</li>
     * </ul>
     * A report whose {@code flow} names another of the two Esign flows is never about it: an identity verification
     * that takes a report naming no session must not take the user's certificate registration's. Nor is a report
     * naming a platform id another submission holds, which only the store can tell: see {@link #concerns}.
     */
    static boolean isAbout(PlatformReport report, Submission submission) {
        if (report.namesAnotherEsignFlowThan(submission.flow())) {
            return false;
        }
        String session = report.partnerSessionId();
        Optional<String> ours = submission.platformSubmissionId();
        if (ours.isEmpty()) {
            return submission.partnerSessionId().equals(session)
                    || session == null && submission.flow() == FlowType.SIV;
        }
        String reported = report.platformSubmissionId();
        if (reported != null) {
            return reported.equals(ours.get());
        }
        return session == null || session.equals(submission.partnerSessionId());
    }

    /**
     * Whether a polled report is about this submission ({@link #isAbout}) and names no platform id that another
     * submission of the bridge holds. An identity verification without a platform id takes a report naming no
     * session, and the user's earlier verification's details name none either: the id they name is the one thing
     * that tells them apart, and only the store knows whose it is.
     */
    private boolean concerns(PlatformReport report, Submission submission) {
        if (!isAbout(report, submission)) {
            return false;
        }
        String reported = report.platformSubmissionId();
        if (reported == null || submission.platformSubmissionId().isPresent()) {
            return true; // a submission with a platform id took the report only for naming that id, or none
        }
        Optional<SubmissionId> holder = store.findByPlatformSubmissionId(reported).map(Submission::id)
                .filter(id -> !id.equals(submission.id()));
        holder.ifPresent(other -> LOG.log(Level.INFO, "a polled report about submission {0} is not taken for"
                + " submission {1}, which has no platform id yet", other, submission.id()));
        return holder.isEmpty();
    }

    /** Asks the platform for its report on the submission; a refusal is a {@link ReadRefusedException}. */
    private Optional<PlatformReport> fetchResult(Submission submission) {
        try {
            return platform.fetchResult(SubmissionRef.of(submission));
        } catch (PlatformRejectedException e) {
            throw new ReadRefusedException(e);
        }
    }

    /**
     * The platform refused a status read. That says nothing about the submission, which the platform may still
     * be processing: the step is retried with backoff, and the submission is never failed for it.
     */
    private static final class ReadRefusedException extends RuntimeException {
        private final PlatformRejectedException refusal;

        private ReadRefusedException(PlatformRejectedException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    private void retryLater(SubmissionId id, Duration retryAfter, Failure failure, Claim claim) {
        try {
            retryingTheStore(() -> store.findById(id).filter(s -> !s.isFinal()).ifPresent(current -> {
                Duration wait = settings.retryBackoff().delay(current.schedule().failedAttempts(), random);
                if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                    wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
                }
                Instant now = clock.instant();
                end(current.retryAt(now.plus(wait), failure, now), claim);
            }));
        } catch (StaleSubmissionException e) {
            LOG.log(Level.DEBUG, "submission {0} changed while its retry was being scheduled", id);
        }
    }

    /**
     * Runs a write that ends a step, again after each of {@link #STORE_RETRY_WAITS} while the store fails: the
     * first attempt after a database restart may meet a connection the restart ended, the next gets a new one.
     * Throws the last failure; an interrupted wait ends the attempts at once.
     */
    private static void retryingTheStore(Runnable write) {
        for (int attempt = 0; ; attempt++) {
            try {
                write.run();
                return;
            } catch (StoreUnavailableException e) {
                if (attempt >= STORE_RETRY_WAITS.size()) {
                    throw e;
                }
                try {
                    Thread.sleep(STORE_RETRY_WAITS.get(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Fails the submission for a refused step, if it is still in the status the step started from. One that moved
     * on meanwhile (a launch by the start request while the driver's was refused, a callback) is left as it is:
     * the refusal was of a step that no longer applies to it.
     */
    private void failFor(Submission stepped, PlatformRejectedException e, Claim claim) {
        Failure failure = e.toFailure();
        try {
            store.findById(stepped.id()).filter(current -> current.status() == stepped.status()).ifPresent(current -> {
                Submission failed = save(current, current.fail(failure, TransitionSource.DRIVER, clock.instant()),
                        null, claim);
                staged.discard(failed.id());
                // Every submission failing alike points at the deployment (a setting the platform refuses): the log
                // must say so, not only each submission's status.
                LOG.log(Level.WARNING, "submission " + failed.id() + " (" + failed.flow() + ") FAILED: the platform"
                        + " refused it with HTTP " + e.httpStatus() + " " + failure.code() + " " + failure.cause());
            });
        } catch (StaleSubmissionException stale) {
            LOG.log(Level.DEBUG, "submission {0} changed while it was being failed", stepped.id());
        }
    }

    /**
     * Saves the state a step ends in, and tells listeners when the status moved or a report took effect, and the
     * log when a report brought a result the bridge does not know.
     */
    private Submission save(Submission before, Submission next, ReportEffect effect, Claim claim) {
        Submission saved = end(next, claim);
        if (saved.status() != before.status() || (effect != null && effect != ReportEffect.DUPLICATE)) {
            events.publish(new SubmissionEvent(saved, before.status(), effect));
        }
        if (effect != null) {
            UnknownResults.warnOf(before, saved);
        }
        return saved;
    }

    /**
     * The last save of a step: it ends the step's lease too, or renews it when the saved state goes on at once,
     * unless the step runs under none (reconcile, start).
     */
    private Submission end(Submission next, Claim claim) {
        if (claim == null) {
            return store.save(next);
        }
        Instant now = clock.instant();
        if (claim.goesOnWith(next, now)) {
            Instant until = now.plus(settings.lease());
            Submission saved = due.saveAndRenew(next, claim.owner, until);
            claim.until = until;
            claim.saved = true;
            claim.next = saved;
            return saved;
        }
        Submission saved = due.saveAndRelease(next, claim.owner);
        claim.saved = true;
        claim.ended = true;
        return saved;
    }

    private static DriverStep stepOf(Submission submission) {
        return switch (submission.status()) {
            case CREATED -> submission.flow() == FlowType.SIV ? DriverStep.LAUNCH : DriverStep.REQUEST_UPLOAD_URLS;
            case INITIATED -> submission.flow() == FlowType.SIV ? DriverStep.POLL : DriverStep.UPLOAD;
            case UPLOADED -> DriverStep.CONFIRM;
            default -> DriverStep.POLL;
        };
    }
}
