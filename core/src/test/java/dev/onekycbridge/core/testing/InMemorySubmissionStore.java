package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The submission store, work queue and catalog in memory, with the same rules as a database: unique active
 * submission per partner user and flow, unique idempotency keys, optimistic locking and leases. Thread-safe.
 */
public final class InMemorySubmissionStore implements SubmissionStore, DueSubmissions, SubmissionCatalog {
    private record Lease(String owner, Instant until) {
    }

    /** A database's order: by last change, then by id as text. */
    private static final Comparator<PurgeCandidate> PURGE_ORDER = Comparator.comparing(PurgeCandidate::updatedAt)
            .thenComparing(c -> c.id().toString());

    private final Map<SubmissionId, Submission> submissions = new LinkedHashMap<>();
    private final Map<SubmissionId, Lease> leases = new HashMap<>();

    @Override
    public synchronized Submission insert(Submission submission) {
        if (submissions.containsKey(submission.id())) {
            throw new IllegalArgumentException("submission " + submission.id() + " exists");
        }
        String key = submission.snapshot().idempotencyKey();
        if (key != null && findFirst(s -> key.equals(s.snapshot().idempotencyKey())).isPresent()) {
            throw new DuplicateSubmissionException(DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN);
        }
        if (!submission.isFinal() && submission.flow().sharingItsResultLookup().stream()
                .anyMatch(flow -> findActive(flow, submission.partnerUser()).isPresent())) {
            throw new DuplicateSubmissionException(DuplicateSubmissionException.Reason.ACTIVE_SUBMISSION_EXISTS);
        }
        Submission stored = withVersion(submission, 1);
        submissions.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized Submission save(Submission submission) {
        Submission current = submissions.get(submission.id());
        if (current == null || current.version() != submission.version()) {
            throw new StaleSubmissionException(submission.id(), submission.version());
        }
        if (!current.snapshot().history().equals(
                submission.history().subList(0, Math.min(current.history().size(), submission.history().size())))
                || submission.history().size() < current.history().size()) {
            throw new IllegalArgumentException("history is append-only");
        }
        Submission stored = withVersion(submission, submission.version() + 1);
        submissions.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<Submission> findById(SubmissionId id) {
        return Optional.ofNullable(submissions.get(id));
    }

    @Override
    public synchronized Optional<Submission> findByPlatformSubmissionId(String platformSubmissionId) {
        return findFirst(s -> platformSubmissionId.equals(s.snapshot().platformSubmissionId()));
    }

    @Override
    public synchronized Optional<Submission> findByPartnerSessionId(String partnerSessionId) {
        return findFirst(s -> partnerSessionId.equals(s.partnerSessionId()));
    }

    @Override
    public synchronized Optional<Submission> findActive(FlowType flow, PartnerUser partnerUser) {
        return findFirst(s -> s.flow() == flow && s.partnerUser().equals(partnerUser) && !s.isFinal());
    }

    @Override
    public synchronized Optional<Submission> findByIdempotencyKey(String idempotencyKey) {
        return findFirst(s -> idempotencyKey.equals(s.snapshot().idempotencyKey()));
    }

    @Override
    public synchronized List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
        List<Submission> due = submissions.values().stream()
                .filter(s -> !s.isFinal())
                .filter(s -> s.schedule().nextStepAt() != null && !s.schedule().nextStepAt().isAfter(now))
                .filter(s -> {
                    Lease held = leases.get(s.id());
                    return held == null || !held.until().isAfter(now);
                })
                .sorted(Comparator.comparing((Submission s) -> s.schedule().nextStepAt()))
                .limit(limit)
                .toList();
        due.forEach(s -> leases.put(s.id(), new Lease(owner, now.plus(lease))));
        return due;
    }

    @Override
    public synchronized Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
        Submission found = submissions.get(id);
        if (found == null || found.schedule().nextStepAt() == null || found.schedule().nextStepAt().isAfter(now)) {
            return Optional.empty();
        }
        return claimIfFree(id, now, lease, owner);
    }

    @Override
    public synchronized Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
        Submission found = submissions.get(id);
        Lease held = found == null ? null : leases.get(id);
        if (found == null || found.isFinal() || held != null && held.until().isAfter(now)) {
            return Optional.empty();
        }
        leases.put(id, new Lease(owner, now.plus(lease)));
        return Optional.of(found);
    }

    @Override
    public synchronized void release(SubmissionId id, String owner) {
        Lease held = leases.get(id);
        if (held != null && held.owner().equals(owner)) {
            leases.remove(id);
        }
    }

    @Override
    public synchronized Submission saveAndRelease(Submission submission, String owner) {
        requireLeaseOf(submission, owner);
        Submission saved = save(submission);
        release(submission.id(), owner);
        return saved;
    }

    @Override
    public synchronized Submission saveAndRenew(Submission submission, String owner, Instant leaseUntil) {
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        requireLeaseOf(submission, owner);
        Submission saved = save(submission);
        leases.put(submission.id(), new Lease(owner, leaseUntil));
        return saved;
    }

    @Override
    public synchronized boolean renew(SubmissionId id, String owner, Instant leaseUntil) {
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Lease held = leases.get(id);
        if (held == null || !held.owner().equals(owner)) {
            return false;
        }
        leases.put(id, new Lease(owner, leaseUntil));
        return true;
    }

    private void requireLeaseOf(Submission submission, String owner) {
        Lease held = leases.get(submission.id());
        if (held == null || !held.owner().equals(Objects.requireNonNull(owner, "owner"))) {
            throw new StaleSubmissionException(submission.id(), submission.version());
        }
    }

    @Override
    public synchronized SubmissionPage list(SubmissionQuery query) {
        List<Submission> matching = new ArrayList<>(submissions.values().stream()
                .filter(s -> query.partnerUserId() == null || query.partnerUserId().equals(s.partnerUser().userId()))
                .filter(s -> query.status() == null || query.status() == s.status())
                .filter(s -> query.flow() == null || query.flow() == s.flow())
                .sorted(NEWEST_FIRST)
                .toList());
        int start = 0;
        if (query.cursor() != null) {
            SubmissionId after = SubmissionId.parse(query.cursor());
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).id().equals(after)) {
                    start = i + 1;
                }
            }
        }
        List<Submission> page = matching.subList(Math.min(start, matching.size()),
                Math.min(start + query.limit(), matching.size()));
        String next = start + query.limit() < matching.size() ? page.get(page.size() - 1).id().toString() : null;
        return new SubmissionPage(page, next);
    }

    @Override
    public synchronized List<PurgeCandidate> findPurgeable(Instant cutoff, PurgeCandidate after, int limit) {
        return submissions.values().stream()
                .filter(s -> s.isFinal() && s.snapshot().purgedAt() == null && s.snapshot().updatedAt().isBefore(cutoff))
                .map(s -> new PurgeCandidate(s.id(), s.snapshot().updatedAt()))
                .filter(c -> after == null || PURGE_ORDER.compare(c, after) > 0)
                .sorted(PURGE_ORDER)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Map<SubmissionStatus, Long> countByStatus() {
        Map<SubmissionStatus, Long> counts = new EnumMap<>(SubmissionStatus.class);
        submissions.values().forEach(s -> counts.merge(s.status(), 1L, Long::sum));
        return counts;
    }

    /** Every stored submission, for assertions. */
    public synchronized List<Submission> all() {
        return List.copyOf(submissions.values());
    }

    private static final Comparator<Submission> NEWEST_FIRST = Comparator
            .comparing((Submission s) -> s.snapshot().createdAt()).reversed()
            .thenComparing(s -> s.id().value());

    private Optional<Submission> findFirst(Predicate<Submission> predicate) {
        return submissions.values().stream().filter(predicate).findFirst();
    }

    private static Submission withVersion(Submission submission, long version) {
        SubmissionSnapshot s = submission.snapshot();
        Objects.requireNonNull(s);
        return Submission.restore(new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), version, s.history()));
    }
}
