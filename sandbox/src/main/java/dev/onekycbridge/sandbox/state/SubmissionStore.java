package dev.onekycbridge.sandbox.state;

import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.model.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * All submissions, in creation order. One monitor guards it: every operation is a short in-memory step, so
 * event-loop threads and control callers can share it without blocking each other noticeably.
 *
 * <p>For the sweep that forgets settled submissions it keeps them ordered by the instant they settled, so that a
 * sweep costs what it forgets rather than a walk over every submission; and it indexes every lookup by user or
 * session, so that a request reads only the submissions under its key.
 */
public final class SubmissionStore {

    private final Function<Submission, Optional<Instant>> settledAt;
    private final Map<String, Submission> byId = new LinkedHashMap<>();
    /** Creation order of each kept submission: the order of every "latest" lookup. */
    private final Map<String, Long> order = new HashMap<>();
    private long created;
    /** The kept submissions of each "latest" lookup, which the sweep keeps from falling back to an older one. */
    private final CreationIndex<Lookup> lookups = new CreationIndex<>();
    /** The kept SIV and KTP_SCAN submissions of each client's session. */
    private final CreationIndex<Session> sessions = new CreationIndex<>();
    /** Settled submissions by the instant they settled. */
    private final ExpiryQueue settled = new ExpiryQueue();
    /** Confirmed submissions whose results hand out no image URL, by the instant their upload URLs expire. */
    private final ExpiryQueue uploadUrlsExpire = new ExpiryQueue();

    /** @param settledAt when nothing more can happen to a submission; empty while something still may */
    public SubmissionStore(Function<Submission, Optional<Instant>> settledAt) {
        this.settledAt = settledAt;
    }

    public synchronized void add(Submission submission) {
        if (byId.putIfAbsent(submission.id(), submission) != null) {
            throw new IllegalStateException("duplicate submission id");
        }
        order.put(submission.id(), ++created);
        index(null, submission);
    }

    public synchronized Optional<Submission> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Replaces a submission with {@code change} applied; empty if it is unknown (e.g. after a reset). */
    public synchronized Optional<Submission> update(String id, UnaryOperator<Submission> change) {
        Submission current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Submission next = change.apply(current);
        byId.put(id, next);
        index(current, next);
        return Optional.of(next);
    }

    /** Runs a read-decide-write sequence with no other store operation in between. */
    public synchronized <R> R atomically(Supplier<R> sequence) {
        return sequence.get();
    }

    /** The user's most recent Esign submission (CERT_REG or SIV) of this client: what Get Submission Details shows. */
    public synchronized Optional<Submission> latestEsign(String clientId, PartnerUser user) {
        return Optional.ofNullable(lookups.latest(Lookup.esign(clientId, user))).map(byId::get);
    }

    /** The SIV submission a client started with this session id. */
    public synchronized Optional<Submission> sivBySession(String clientId, String partnerSessionId) {
        return latest(new Session(Flow.STANDALONE_IDENTITY_VERIFICATION, clientId, partnerSessionId), s -> true);
    }

    /**
     * The client's latest KTP_SCAN submission created or confirmed under this session id that also matches;
     * {@code also} is asked only about that session's submissions, newest first.
     */
    public synchronized Optional<Submission> coeBySession(String clientId, String partnerSessionId,
            Predicate<Submission> also) {
        return latest(new Session(Flow.KTP_SCAN, clientId, partnerSessionId), also);
    }

    public synchronized List<Submission> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Forgets the submissions that settled at least {@code retention} before {@code now} and have no callback being
     * delivered, and answers them. Where a lookup answers the latest of several submissions (Esign Get Submission
     * Details by user, COE Get Submission Details by session), that latest one goes only together with every older
     * one it hides, so the lookup never falls back to an older submission that happens to be kept longer. Reads only
     * the submissions due; one that must wait is read again by the next sweep.
     */
    public synchronized List<Submission> forgetSettled(Instant now, Duration retention,
            Predicate<String> delivering) {
        // Compared as durations: a retention beyond the calendar (a "forever" like Long.MAX_VALUE) added to an
        // instant would overflow.
        Set<String> gone = new LinkedHashSet<>();
        for (String id : settled.front(at -> Duration.between(at, now).compareTo(retention) >= 0)) {
            if (!delivering.test(id)) {
                gone.add(id);
            }
        }
        Map<Lookup, Integer> goneIn = new HashMap<>();
        Deque<Lookup> toCheck = new ArrayDeque<>();
        for (String id : gone) {
            for (Lookup lookup : Lookup.of(byId.get(id))) {
                goneIn.merge(lookup, 1, Integer::sum);
                toCheck.add(lookup);
            }
        }
        // A KTP_SCAN is found under two sessions (created, confirmed): keeping it may oblige another lookup's latest.
        while (!toCheck.isEmpty()) {
            Lookup lookup = toCheck.poll();
            String latest = lookups.latest(lookup);
            if (gone.contains(latest) && goneIn.getOrDefault(lookup, 0) < lookups.count(lookup)) {
                gone.remove(latest);
                for (Lookup of : Lookup.of(byId.get(latest))) {
                    goneIn.merge(of, -1, Integer::sum);
                    toCheck.add(of);
                }
            }
        }
        List<Submission> forgotten = new ArrayList<>();
        for (String id : gone) {
            Submission submission = byId.remove(id);
            unindex(submission);
            order.remove(id);
            forgotten.add(submission);
        }
        return forgotten;
    }

    /**
     * Takes the confirmed submissions whose upload URLs expired before {@code now} and whose results hand out no
     * image URL: no caller can reach their image bytes any more. Each is answered once.
     */
    public synchronized List<String> takeBytesOutOfReach(Instant now) {
        return uploadUrlsExpire.poll(now::isAfter);
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
        order.clear();
        lookups.clear();
        sessions.clear();
        settled.clear();
        uploadUrlsExpire.clear();
    }

    /** Brings the lookups and queues from {@code before} (null for a new one) to {@code after}. */
    private void index(Submission before, Submission after) {
        String id = after.id();
        long created = order.get(id);
        lookups.move(created, id, before == null ? List.of() : Lookup.of(before), Lookup.of(after));
        sessions.move(created, id, before == null ? List.of() : Session.of(before), Session.of(after));
        Optional<Instant> settles = settledAt.apply(after);
        if (settles.isPresent()) {
            settled.put(id, created, settles.get());
        } else {
            settled.remove(id);
        }
        if (after.isConfirmed() && !after.flow().servesImages() && (before == null || !before.isConfirmed())) {
            uploadUrlsExpire.put(id, created, after.uploadUrlsExpireAt());
        }
    }

    private void unindex(Submission gone) {
        long created = order.get(gone.id());
        lookups.move(created, gone.id(), Lookup.of(gone), List.of());
        sessions.move(created, gone.id(), Session.of(gone), List.of());
        settled.remove(gone.id());
        uploadUrlsExpire.remove(gone.id());
    }

    /**
     * The submissions one "latest" lookup looks among: Esign details by client and user; COE details by client,
     * session (created or confirmed under it) and user id, with or without its type (optional there).
     */
    private record Lookup(String clientId, String userId, String userIdType, String sessionId) {
        static Lookup esign(String clientId, PartnerUser user) {
            return new Lookup(clientId, user.id(), user.idType(), null);
        }

        static List<Lookup> of(Submission s) {
            String clientId = s.owner().clientId();
            PartnerUser user = s.user();
            if (s.flow().isEsign()) {
                return List.of(esign(clientId, user));
            }
            List<Lookup> lookups = new ArrayList<>();
            for (String session : sessionsOf(s)) {
                lookups.add(new Lookup(clientId, user.id(), null, session));
                lookups.add(new Lookup(clientId, user.id(), user.idType(), session));
            }
            return lookups;
        }
    }

    /**
     * The submissions a lookup by session looks among, of any user: an SIV by the session that started it, a
     * KTP_SCAN by the sessions that created and confirmed it.
     */
    private record Session(Flow flow, String clientId, String sessionId) {
        static List<Session> of(Submission s) {
            return switch (s.flow()) {
                case CERT_REG -> List.of();
                case STANDALONE_IDENTITY_VERIFICATION ->
                        List.of(new Session(s.flow(), s.owner().clientId(), s.partnerSessionId()));
                case KTP_SCAN -> sessionsOf(s).stream()
                        .map(session -> new Session(s.flow(), s.owner().clientId(), session))
                        .toList();
            };
        }
    }

    /** The sessions a KTP_SCAN is found under: the one that created it and the one that confirmed it. */
    private static Set<String> sessionsOf(Submission s) {
        Set<String> found = new LinkedHashSet<>();
        found.add(s.partnerSessionId());
        if (s.confirmation() != null && s.confirmation().partnerSessionId() != null) {
            found.add(s.confirmation().partnerSessionId());
        }
        return found;
    }

    private Optional<Submission> latest(Session session, Predicate<Submission> also) {
        for (String id : sessions.newestFirst(session)) {
            Submission submission = byId.get(id);
            if (also.test(submission)) {
                return Optional.of(submission);
            }
        }
        return Optional.empty();
    }
}
