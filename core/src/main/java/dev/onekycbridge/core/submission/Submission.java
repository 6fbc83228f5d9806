package dev.onekycbridge.core.submission;

import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.identity.PartnerUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One attempt to verify one partner user through one flow: the aggregate. Immutable; every method that changes
 * it checks that the change is allowed and returns the next state, with a line of history.
 *
 * <p>The lifecycle only moves forward: CREATED, INITIATED, UPLOADED, CONFIRMED, PARTIALLY_COMPLETED, then one of
 * the final statuses COMPLETED, ERROR, EXPIRED or FAILED. Reports from the platform are applied by
 * {@link #applyReport}: a report of a later status moves the submission; a repeat changes nothing; a report of
 * an earlier status is recorded and ignored, but for the detail a partial result adds to the same result held; a
 * report that contradicts a final status is kept as a conflict.
 */
public final class Submission {
    private final SubmissionSnapshot state;

    private Submission(SubmissionSnapshot state) {
        this.state = Objects.requireNonNull(state, "state");
        checkInvariants(state);
    }

    /**
     * A new submission, staged with its documents and due for its first step now.
     *
     * @param documents what the inspection of each image established; CERT_REG needs KTP and SELFIE, KTP_SCAN
     *     needs KTP, SIV none
     */
    public static Submission create(SubmissionId id, PartnerUser partnerUser, SubmissionInput input,
                                    List<DocumentFacts> documents, String idempotencyKey,
                                    String requestFingerprint, Instant now) {
        Objects.requireNonNull(input, "input");
        FlowType flow = input.flow();
        Map<DocumentKind, Document> staged = new EnumMap<>(DocumentKind.class);
        for (DocumentFacts facts : documents) {
            if (staged.put(facts.kind(), Document.staged(facts)) != null) {
                throw new IllegalArgumentException("two " + facts.kind() + " documents");
            }
        }
        if (!staged.keySet().equals(requiredDocuments(flow))) {
            throw new IllegalArgumentException(flow + " needs the documents " + requiredDocuments(flow));
        }
        return new Submission(new SubmissionSnapshot(id, flow, partnerUser, null, UUID.randomUUID().toString(),
                SubmissionStatus.CREATED, input, staged, null, null, null, Schedule.dueAt(now), null,
                idempotencyKey, requestFingerprint, now, now, null, 0,
                List.of(new HistoryEntry(now, HistoryKind.TRANSITION, SubmissionStatus.CREATED,
                        SubmissionStatus.CREATED, TransitionSource.API, "accepted"))));
    }

    /** A submission as a store loaded it. */
    public static Submission restore(SubmissionSnapshot snapshot) {
        return new Submission(snapshot);
    }

    public static Set<DocumentKind> requiredDocuments(FlowType flow) {
        return switch (flow) {
            case CERT_REG -> EnumSet.of(DocumentKind.KTP, DocumentKind.SELFIE);
            case KTP_SCAN -> EnumSet.of(DocumentKind.KTP);
            case SIV -> EnumSet.noneOf(DocumentKind.class);
        };
    }

    // ---- transitions driven by our own calls to the platform ----

    /** The platform issued upload URLs: CREATED → INITIATED. */
    public Submission initiate(String platformSubmissionId, List<UploadTarget> targets, Instant now) {
        requireFlowWithDocuments("initiate");
        requireStatus(SubmissionStatus.CREATED, "initiate");
        requireText(platformSubmissionId, "platformSubmissionId");
        Map<DocumentKind, Document> documents = new EnumMap<>(state.documents());
        for (UploadTarget target : targets) {
            Document document = documents.get(target.kind());
            if (document != null) {
                documents.put(target.kind(),
                        document.withUploadUrl(target.reference(), target.url(), target.expiresAt()));
            }
        }
        for (Document document : documents.values()) {
            if (document.uploadUrl() == null) {
                throw new IllegalArgumentException("the platform gave no upload URL for " + document.kind());
            }
        }
        return moveTo(SubmissionStatus.INITIATED, TransitionSource.DRIVER, "upload URLs issued",
                with(platformSubmissionId, documents), Schedule.dueAt(now), now);
    }

    /** The platform started an identity verification for the user: CREATED → INITIATED, waiting for its result. */
    public Submission initiateVerification(VerificationLaunch launch, Instant pollAt, Instant now) {
        if (state.flow() != FlowType.SIV) {
            throw new IllegalStateException("only an identity verification is initiated with a launch");
        }
        requireStatus(SubmissionStatus.CREATED, "initiate");
        Objects.requireNonNull(launch, "launch");
        SubmissionSnapshot s = state;
        SubmissionSnapshot next = new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), launch, s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), s.version(), s.history());
        return moveTo(SubmissionStatus.INITIATED, TransitionSource.DRIVER, "verification launched", next,
                Schedule.dueAt(pollAt), now);
    }

    /**
     * Keeps the launch of an identity verification that the platform's reports moved past CREATED before the
     * launch was saved: a callback may land while the platform's answer to the launch is still on its way. The
     * status stays where the reports left it. Not for one the bridge ended (FAILED, EXPIRED), one that has a launch,
     * or one whose personal data was erased: the token is personal data.
     */
    public Submission keepLaunch(VerificationLaunch launch, Instant now) {
        if (state.flow() != FlowType.SIV) {
            throw new IllegalStateException("only an identity verification keeps a launch");
        }
        Objects.requireNonNull(launch, "launch");
        SubmissionStatus status = state.status();
        if (status == SubmissionStatus.CREATED || status == SubmissionStatus.FAILED
                || status == SubmissionStatus.EXPIRED || state.launch() != null || state.purgedAt() != null) {
            throw new IllegalStateException("cannot keep a launch on a submission in status " + status
                    + (state.launch() != null ? " with a launch" : "") + (state.purgedAt() != null ? ", erased" : ""));
        }
        SubmissionSnapshot s = state;
        return new Submission(new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), launch, s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(), now,
                s.purgedAt(), s.version(), s.history()));
    }

    /** One document reached the platform's storage; with the last one, INITIATED → UPLOADED. */
    public Submission markUploaded(DocumentKind kind, Instant now) {
        requireFlowWithDocuments("upload");
        requireStatus(SubmissionStatus.INITIATED, "upload a document of");
        Document document = state.documents().get(kind);
        if (document == null) {
            throw new IllegalArgumentException("no " + kind + " document on this submission");
        }
        if (document.isUploaded()) {
            return this;
        }
        Map<DocumentKind, Document> documents = new EnumMap<>(state.documents());
        documents.put(kind, document.uploaded());
        SubmissionSnapshot next = with(state.platformSubmissionId(), documents);
        boolean all = documents.values().stream().allMatch(Document::isUploaded);
        if (all) {
            return moveTo(SubmissionStatus.UPLOADED, TransitionSource.DRIVER, "documents uploaded", next,
                    Schedule.dueAt(now), now);
        }
        return new Submission(touched(next, Schedule.dueAt(now), now));
    }

    /**
     * A confirm (or an initiate flow) is about to be sent. Recorded before it is sent, so that after a crash the
     * driver knows to ask the platform before sending it again.
     */
    public Submission recordConfirmAttempt(Instant now) {
        if (state.flow() == FlowType.SIV) {
            requireStatus(SubmissionStatus.CREATED, "send the initiate flow of");
        } else {
            requireStatus(SubmissionStatus.UPLOADED, "confirm");
        }
        if (state.confirmAttemptedAt() != null) {
            return this;
        }
        SubmissionSnapshot s = state;
        return new Submission(new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(),
                s.schedule(), now, s.idempotencyKey(), s.requestFingerprint(), s.createdAt(), now, s.purgedAt(),
                s.version(), s.history()));
    }

    /**
     * Gives an identity verification that is still to be launched a new partner session id. The platform refused a
     * repeated launch because its session id was used already: the earlier launch reached it, but its answer, with
     * the token the user needs, never came back. Nothing has been sent under the new id, so no attempt is recorded.
     */
    public Submission renewPartnerSession(String sessionId, Instant now) {
        if (state.flow() != FlowType.SIV) {
            throw new IllegalStateException("only an identity verification renews its partner session");
        }
        requireStatus(SubmissionStatus.CREATED, "renew the partner session of");
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isBlank() || sessionId.equals(state.partnerSessionId())) {
            throw new IllegalArgumentException("a renewed partner session id must be new and not blank");
        }
        SubmissionSnapshot s = state;
        SubmissionSnapshot next = new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                sessionId, s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(), s.schedule(),
                null, s.idempotencyKey(), s.requestFingerprint(), s.createdAt(), now, s.purgedAt(), s.version(),
                s.history());
        return record(next, HistoryKind.SESSION_RENEWED, TransitionSource.DRIVER,
                "the platform refused the repeated launch's session id as a duplicate", now);
    }

    /** The platform accepted the confirm: UPLOADED → CONFIRMED, then wait for the result until {@code pollAt}. */
    public Submission confirm(Instant pollAt, Instant now) {
        requireFlowWithDocuments("confirm");
        requireStatus(SubmissionStatus.UPLOADED, "confirm");
        return moveTo(SubmissionStatus.CONFIRMED, TransitionSource.DRIVER, "confirmed", state,
                Schedule.dueAt(pollAt), now);
    }

    /**
     * The upload URLs expired before the submission was confirmed, or an identity verification's launch before its
     * user finished: a final EXPIRED, whose history says which.
     */
    public Submission expire(Instant now) {
        if (state.status() != SubmissionStatus.INITIATED && state.status() != SubmissionStatus.UPLOADED) {
            throw new IllegalStateException("only a submission waiting for uploads or confirm can expire, not "
                    + state.status());
        }
        String detail = state.flow().uploadsDocuments() ? "upload URLs expired"
                : "the launch expired before the user finished";
        return moveTo(SubmissionStatus.EXPIRED, TransitionSource.DRIVER, detail, state, Schedule.idle(), now);
    }

    /**
     * The platform refused one of our requests for good, or an operator ended the submission: a final FAILED with
     * its code and cause. An outcome reported before (a PARTIALLY_COMPLETED's verdict, the card's data) goes: a
     * result exists only with PARTIALLY_COMPLETED or COMPLETED, and one left on a FAILED submission would read as a
     * verdict to act on. The history keeps what was reported.
     */
    public Submission fail(Failure failure, TransitionSource source, Instant now) {
        Objects.requireNonNull(failure, "failure");
        requireNotFinal("fail");
        SubmissionSnapshot s = state;
        SubmissionSnapshot next = new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), null, s.launch(), failure,
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), s.version(), s.history());
        return moveTo(SubmissionStatus.FAILED, source, failure.toString(), next, Schedule.idle(), now);
    }

    // ---- reports from the platform ----

    /** Applies a callback's or a poll's report under the forward-only rules; see the class comment. */
    public ReportApplication applyReport(PlatformReport report, TransitionSource source, Instant now) {
        // Once erased, personal data stays erased: a late repeat of the result must not bring its ktpData back.
        Outcome reported = state.purgedAt() == null ? report.outcome() : report.outcome().withoutPersonalData();
        if (reported.lacksItsResult()) {
            // Taken as a verdict it would end the submission with none, and the real one after it would be a
            // conflict: it says no more than that the platform is at work.
            reported = Outcome.ofStatus(PlatformStatus.IN_PROGRESS);
        }
        SubmissionStatus current = state.status();
        Optional<SubmissionStatus> recognised = reported.status().toSubmissionStatus();
        // A submission still to be started may be started again under a new session, with a new platform id: a
        // report that does not move it past the statuses only the driver's own steps reach lends it no id.
        boolean awaitingStart = current == SubmissionStatus.CREATED;
        SubmissionStatus lastOwnStep = state.flow().uploadsDocuments() ? SubmissionStatus.UPLOADED
                : SubmissionStatus.INITIATED;
        SubmissionSnapshot adopted = awaitingStart
                && !recognised.map(status -> status.isAfter(lastOwnStep)).orElse(false)
                ? state : adoptIdentifiers(report);
        if (recognised.isEmpty()) {
            return noted(adopted, HistoryKind.UNRECOGNISED_REPORT, source, "reported " + reported.verdict(), now,
                    ReportEffect.UNRECOGNISED);
        }
        SubmissionStatus target = recognised.get();
        if (awaitingStart && target.isAfter(current) && !target.isAfter(lastOwnStep)) {
            // An identity verification starts at INITIATED with the launch the user needs, a document flow with
            // the upload URLs of its documents (then uploads them to reach UPLOADED): only the driver's own call
            // brings them. Such a report is of a start whose answer was lost: moved on without it, nothing would
            // attach a launch or expire it, or the driver would upload to no URL; and it would hold the user's
            // active slot for ever. The driver starts it again instead.
            String lost = state.flow().uploadsDocuments() ? "the upload URLs were" : "the launch was";
            return noted(adopted, HistoryKind.STALE_REPORT, source,
                    "reported " + reported.verdict() + " before " + lost + " saved", now, ReportEffect.STALE);
        }
        // An outcome reported for an earlier status, kept while the driver moved the submission on (a reconcile
        // while INITIATED, then the confirm), says nothing about this one: measured against it, every later
        // report of the current status would be a conflict.
        Outcome held = state.outcome() != null
                && state.outcome().status().toSubmissionStatus().equals(Optional.of(current)) ? state.outcome() : null;
        if (target == current && (held == null || held.sameVerdictAs(reported))) {
            if (held != null && !held.lacksDetailOf(reported) && adopted == state) {
                return new ReportApplication(this, ReportEffect.DUPLICATE);
            }
            Outcome enriched = held == null ? reported : held.enrichedWith(reported);
            return new ReportApplication(record(withOutcome(adopted, enriched), HistoryKind.ENRICHED, source,
                    "details of " + reported.verdict(), now), ReportEffect.ENRICHED);
        }
        // EXPIRED and FAILED are our own endings, reached before the platform went on with the submission: a
        // report that it did (IN_PROGRESS or later) contradicts them, however early its status ranks.
        boolean endedByUs = current == SubmissionStatus.EXPIRED || current == SubmissionStatus.FAILED;
        if (target.isBefore(current) && !(endedByUs && target.isAfter(SubmissionStatus.UPLOADED))) {
            // A PARTIALLY_COMPLETED that lands after the COMPLETED of the same result may hold detail the COMPLETED
            // lacks (the card's data, the verification, the reason code). Taken as it would have been in the other
            // order, so that the order of the reports does not decide the final outcome; the status, result and
            // time stay the held ones.
            Outcome filled = held == null ? null : held.keepingDetailOf(reported);
            if (filled != null && !filled.equals(held)) {
                return new ReportApplication(record(withOutcome(adopted, filled), HistoryKind.ENRICHED, source,
                        "details of " + reported.verdict() + " after " + current, now), ReportEffect.ENRICHED);
            }
            return noted(adopted, HistoryKind.STALE_REPORT, source,
                    "reported " + reported.verdict() + " after " + current, now, ReportEffect.STALE);
        }
        if (current.isFinal() || target == current) {
            String held_ = held == null ? current.name() : held.verdict();
            return noted(adopted, HistoryKind.CONFLICT, source, "reported " + reported.verdict() + " while " + held_,
                    now, ReportEffect.CONFLICT);
        }
        Schedule schedule = target.isFinal() ? Schedule.idle() : Schedule.dueAt(state.schedule().nextStepAt() == null
                ? now : state.schedule().nextStepAt());
        Outcome moved = state.outcome() == null ? reported : reported.keepingDetailOf(state.outcome());
        return new ReportApplication(moveTo(target, source, reported.verdict(), withOutcome(adopted, moved),
                schedule, now), ReportEffect.APPLIED);
    }

    // ---- scheduling and retention ----

    /** The driver should look at this submission next at {@code at}; failures so far are forgotten. */
    public Submission scheduleAt(Instant at) {
        requireNotFinal("schedule");
        return new Submission(touched(state, Schedule.dueAt(at), state.updatedAt()));
    }

    /** A step failed in a way worth retrying: try again at {@code at}, counting the failure. */
    public Submission retryAt(Instant at, Failure failure, Instant now) {
        requireNotFinal("retry");
        return new Submission(touched(state, state.schedule().retryAt(at, failure), now));
    }

    /**
     * Erases the personal data of a final submission, keeping its status skeleton and history for audit. The
     * request's fingerprint goes too (a hash of a few personal values can be reversed): a request sent again
     * with its idempotency key can no longer be told from another one, and is refused: its request was erased.
     */
    public Submission purgePersonalData(Instant now) {
        if (!state.status().isFinal()) {
            throw new IllegalStateException("personal data is kept until the submission is final");
        }
        if (state.purgedAt() != null) {
            return this;
        }
        SubmissionSnapshot s = state;
        Map<DocumentKind, Document> withoutUrls = new EnumMap<>(DocumentKind.class);
        // A presigned URL is a credential to the user's images: it goes with the rest.
        s.documents().forEach((kind, document) -> withoutUrls.put(kind, document.withoutUploadUrl()));
        SubmissionSnapshot purged = new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(),
                s.platformSubmissionId(), s.partnerSessionId(), s.status(), null, withoutUrls,
                s.outcome() == null ? null : s.outcome().withoutPersonalData(), null, s.failure(), s.schedule(),
                s.confirmAttemptedAt(), s.idempotencyKey(), null, s.createdAt(), now, now,
                s.version(), s.history());
        return record(purged, HistoryKind.PURGED, TransitionSource.OPERATOR, "personal data erased", now);
    }

    // ---- queries ----

    public SubmissionSnapshot snapshot() {
        return state;
    }

    public SubmissionId id() {
        return state.id();
    }

    public FlowType flow() {
        return state.flow();
    }

    public PartnerUser partnerUser() {
        return state.partnerUser();
    }

    public SubmissionStatus status() {
        return state.status();
    }

    public Optional<String> platformSubmissionId() {
        return Optional.ofNullable(state.platformSubmissionId());
    }

    public String partnerSessionId() {
        return state.partnerSessionId();
    }

    public Optional<SubmissionInput> input() {
        return Optional.ofNullable(state.input());
    }

    public Map<DocumentKind, Document> documents() {
        return state.documents();
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(state.outcome());
    }

    public Optional<VerificationLaunch> launch() {
        return Optional.ofNullable(state.launch());
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(state.failure());
    }

    public Schedule schedule() {
        return state.schedule();
    }

    public boolean confirmAttempted() {
        return state.confirmAttemptedAt() != null;
    }

    public long version() {
        return state.version();
    }

    public List<HistoryEntry> history() {
        return state.history();
    }

    /** Reports that contradicted what the submission held, for an operator to look at. */
    public List<HistoryEntry> conflicts() {
        return state.history().stream().filter(entry -> entry.kind() == HistoryKind.CONFLICT).toList();
    }

    public boolean isFinal() {
        return state.status().isFinal();
    }

    /**
     * Whether, with this state saved in place of {@code before}, the staged images may go: the platform has them
     * once the submission is past UPLOADED, and a final one needs them no more. Every save that crosses UPLOADED
     * counts, not only the driver's confirm: a report that moves the submission on first makes that save stale,
     * and the images would stay for as long as the submission is not final.
     */
    public boolean releasesStagedImages(Submission before) {
        return isFinal() || !before.status().isAfter(SubmissionStatus.UPLOADED)
                && state.status().isAfter(SubmissionStatus.UPLOADED);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Submission that && state.equals(that.state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    @Override
    public String toString() {
        return "Submission[" + state.id() + ", " + state.flow() + ", " + state.status() + ", v" + state.version()
                + "]";
    }

    // ---- internals ----

    private SubmissionSnapshot adoptIdentifiers(PlatformReport report) {
        if (state.platformSubmissionId() != null || report.platformSubmissionId() == null
                || report.platformSubmissionId().isBlank()) {
            return state;
        }
        return with(report.platformSubmissionId(), state.documents());
    }

    private SubmissionSnapshot with(String platformSubmissionId, Map<DocumentKind, Document> documents) {
        SubmissionSnapshot s = state;
        return new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), platformSubmissionId, s.partnerSessionId(),
                s.status(), s.input(), documents, s.outcome(), s.launch(), s.failure(), s.schedule(),
                s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(), s.updatedAt(),
                s.purgedAt(), s.version(), s.history());
    }

    private static SubmissionSnapshot withOutcome(SubmissionSnapshot s, Outcome outcome) {
        return new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), outcome, s.launch(), s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), s.version(), s.history());
    }

    private static SubmissionSnapshot touched(SubmissionSnapshot s, Schedule schedule, Instant now) {
        return new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(),
                schedule, s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(), now,
                s.purgedAt(), s.version(), s.history());
    }

    private Submission moveTo(SubmissionStatus to, TransitionSource source, String detail, SubmissionSnapshot base,
                              Schedule schedule, Instant now) {
        List<HistoryEntry> history = new ArrayList<>(base.history());
        history.add(new HistoryEntry(now, HistoryKind.TRANSITION, base.status(), to, source, detail));
        return new Submission(new SubmissionSnapshot(base.id(), base.flow(), base.partnerUser(),
                base.platformSubmissionId(), base.partnerSessionId(), to, base.input(), base.documents(),
                base.outcome(), base.launch(), base.failure(), schedule, base.confirmAttemptedAt(),
                base.idempotencyKey(), base.requestFingerprint(), base.createdAt(), now, base.purgedAt(),
                base.version(), history));
    }

    /**
     * A report that changes nothing but the history. The same report again (a poll every few minutes while the
     * platform holds a status we do not know, or two stale reports the platform keeps sending in turn) is a
     * no-op, not one more line each time: it is noted once per status held.
     */
    private ReportApplication noted(SubmissionSnapshot adopted, HistoryKind kind, TransitionSource source,
                                    String detail, Instant now, ReportEffect effect) {
        if (adopted == state && notedSinceLastTransition(kind, detail)) {
            return new ReportApplication(this, ReportEffect.DUPLICATE);
        }
        return new ReportApplication(record(adopted, kind, source, detail, now), effect);
    }

    private boolean notedSinceLastTransition(HistoryKind kind, String detail) {
        List<HistoryEntry> history = state.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            if (entry.kind() == HistoryKind.TRANSITION) {
                return false;
            }
            if (entry.kind() == kind && detail.equals(entry.detail())) {
                return true;
            }
        }
        return false;
    }

    private static Submission record(SubmissionSnapshot base, HistoryKind kind, TransitionSource source,
                                     String detail, Instant now) {
        List<HistoryEntry> history = new ArrayList<>(base.history());
        history.add(new HistoryEntry(now, kind, base.status(), base.status(), source, detail));
        return new Submission(new SubmissionSnapshot(base.id(), base.flow(), base.partnerUser(),
                base.platformSubmissionId(), base.partnerSessionId(), base.status(), base.input(), base.documents(),
                base.outcome(), base.launch(), base.failure(), base.schedule(), base.confirmAttemptedAt(),
                base.idempotencyKey(), base.requestFingerprint(), base.createdAt(), now, base.purgedAt(),
                base.version(), history));
    }

    private void requireStatus(SubmissionStatus expected, String action) {
        if (state.status() != expected) {
            throw new IllegalStateException("cannot " + action + " a submission in status " + state.status());
        }
    }

    private void requireNotFinal(String action) {
        if (state.status().isFinal()) {
            throw new IllegalStateException("cannot " + action + " a final submission (" + state.status() + ")");
        }
    }

    private void requireFlowWithDocuments(String action) {
        if (!state.flow().uploadsDocuments()) {
            throw new IllegalStateException("cannot " + action + " documents of a " + state.flow() + " submission");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void checkInvariants(SubmissionSnapshot s) {
        if (s.status() == SubmissionStatus.FAILED && s.failure() == null) {
            throw new IllegalArgumentException("a FAILED submission carries its failure");
        }
        if (s.purgedAt() == null && s.input() == null) {
            throw new IllegalArgumentException("a submission keeps its input until it is purged");
        }
    }
}
