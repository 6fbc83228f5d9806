package dev.onekycbridge.sandbox.state;

import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.model.Submission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * All submissions, in creation order. One monitor guards it: every operation is a short in-memory step, so
 * event-loop threads and control callers can share it without blocking each other noticeably.
 */
public final class SubmissionStore {

    private final Map<String, Submission> byId = new LinkedHashMap<>();

    public synchronized void add(Submission submission) {
        if (byId.putIfAbsent(submission.id(), submission) != null) {
            throw new IllegalStateException("duplicate submission id");
        }
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
        return Optional.of(next);
    }

    /** Runs a read-decide-write sequence with no other store operation in between. */
    public synchronized <R> R atomically(Supplier<R> sequence) {
        return sequence.get();
    }

    /** The user's most recent Esign submission (CERT_REG or SIV) of this client: what Get Submission Details shows. */
    public synchronized Optional<Submission> latestEsign(String clientId, PartnerUser user) {
        return last(s -> s.flow().isEsign() && s.belongsTo(clientId, user));
    }

    /** The SIV submission a client started with this session id. */
    public synchronized Optional<Submission> sivBySession(String clientId, String partnerSessionId) {
        return last(s -> s.flow() == Flow.STANDALONE_IDENTITY_VERIFICATION
                && s.owner().clientId().equals(clientId)
                && s.partnerSessionId().equals(partnerSessionId));
    }

    /** The client's latest KTP_SCAN submission created or confirmed under this session id that also matches. */
    public synchronized Optional<Submission> coeBySession(String clientId, String partnerSessionId,
            Predicate<Submission> also) {
        return last(s -> s.flow() == Flow.KTP_SCAN
                && s.owner().clientId().equals(clientId)
                && also.test(s)
                && (s.partnerSessionId().equals(partnerSessionId)
                        || (s.confirmation() != null && s.confirmation().partnerSessionId().equals(partnerSessionId))));
    }

    public synchronized List<Submission> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Forgets the submissions {@code expired} accepts and answers their ids. Where a lookup answers the latest of
     * several submissions (Esign Get Submission Details by user, COE Get Submission Details by session), that latest
     * one goes only together with every older one it hides, so the lookup never falls back to an older submission
     * that happens to be kept longer.
     */
    public synchronized List<Submission> forget(Predicate<Submission> expired) {
        Set<String> gone = new HashSet<>();
        Map<Lookup, List<Submission>> lookups = new HashMap<>();
        for (Submission submission : byId.values()) {
            if (expired.test(submission)) {
                gone.add(submission.id());
            }
            for (Lookup lookup : Lookup.of(submission)) {
                lookups.computeIfAbsent(lookup, l -> new ArrayList<>()).add(submission);
            }
        }
        // A KTP_SCAN is found under two sessions (created, confirmed): keeping it may oblige another lookup's latest.
        boolean kept;
        do {
            kept = false;
            for (List<Submission> found : lookups.values()) {
                String latest = found.get(found.size() - 1).id();
                if (gone.contains(latest) && !found.stream().allMatch(s -> gone.contains(s.id()))) {
                    gone.remove(latest);
                    kept = true;
                }
            }
        } while (kept);
        List<Submission> forgotten = new ArrayList<>();
        for (String id : gone) {
            forgotten.add(byId.remove(id));
        }
        return forgotten;
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
    }

    /**
     * The submissions one "latest" lookup looks among: Esign details by client and user; COE details by client,
     * session (created or confirmed under it) and user id, with or without its type (optional there).
     */
    private record Lookup(String clientId, String userId, String userIdType, String sessionId) {
        static List<Lookup> of(Submission s) {
            String clientId = s.owner().clientId();
            PartnerUser user = s.user();
            if (s.flow().isEsign()) {
                return List.of(new Lookup(clientId, user.id(), user.idType(), null));
            }
            Set<String> sessions = new HashSet<>();
            sessions.add(s.partnerSessionId());
            if (s.confirmation() != null && s.confirmation().partnerSessionId() != null) {
                sessions.add(s.confirmation().partnerSessionId());
            }
            List<Lookup> lookups = new ArrayList<>();
            for (String session : sessions) {
                lookups.add(new Lookup(clientId, user.id(), null, session));
                lookups.add(new Lookup(clientId, user.id(), user.idType(), session));
            }
            return lookups;
        }
    }

    private Optional<Submission> last(Predicate<Submission> filter) {
        List<Submission> matching = new ArrayList<>();
        for (Submission submission : byId.values()) {
            if (filter.test(submission)) {
                matching.add(submission);
            }
        }
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }
}
