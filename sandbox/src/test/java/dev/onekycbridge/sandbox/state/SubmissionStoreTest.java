package dev.onekycbridge.sandbox.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.Owner;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.model.SivJourney;
import dev.onekycbridge.sandbox.model.SivSource;
import dev.onekycbridge.sandbox.model.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubmissionStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final List<String> CLIENTS = List.of("client", "other-client");
    private static final List<String> USERS = List.of("user-0", "user-1", "user-2");
    private static final List<String> ID_TYPES = List.of("T", "U");
    private static final List<String> SESSIONS = List.of("session-0", "session-1", "session-2");

    /** When each submission settled, as the test decides; the store reads it when a submission is added or changes. */
    private final Map<String, Instant> settled = new HashMap<>();
    private final AtomicInteger settlingReads = new AtomicInteger();
    private final SubmissionStore store = new SubmissionStore(s -> {
        settlingReads.incrementAndGet();
        return Optional.ofNullable(settled.get(s.id()));
    });

    @Test
    void aSweepReadsOnlyTheSubmissionsDueNotEveryOneKept() {
        for (int i = 0; i < 10_000; i++) {
            store.add(certReg("kept-" + i, "user-" + i));
        }
        settled.put("due", T0);
        store.add(certReg("due", "user-due"));
        settlingReads.set(0);
        Set<String> asked = new HashSet<>();

        List<Submission> gone = store.forgetSettled(T0.plus(RETENTION), RETENTION, id -> !asked.add(id));

        assertThat(gone).extracting(Submission::id).containsExactly("due");
        assertThat(asked).as("whose callbacks the sweep asked about").containsExactly("due");
        assertThat(settlingReads).as("settling is read on change, not by the sweep").hasValue(0);
        assertThat(store.size()).isEqualTo(10_000);
    }

    @Test
    void aSweepForgetsExactlyWhatAWalkOverEverySubmissionForgot() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            store.clear();
            settled.clear();
            List<Submission> created = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = round + "-" + i;
                String user = "user-" + random.nextInt(3);
                Submission s = random.nextBoolean() ? certReg(id, user)
                        : ktpScan(id, user, "session-" + random.nextInt(3));
                if (random.nextInt(3) > 0) {
                    settled.put(id, T0.plusSeconds(random.nextInt(7_200)));
                }
                store.add(s);
                created.add(s);
            }
            for (Submission s : created) {
                if (s.flow() == Flow.KTP_SCAN && random.nextBoolean()) {
                    store.update(s.id(), k -> k.confirmed("session-" + random.nextInt(3), "f", T0));
                }
            }
            Set<String> delivering = created.stream().map(Submission::id).filter(id -> random.nextInt(5) == 0)
                    .collect(Collectors.toSet());
            Instant now = T0.plusSeconds(3_600 + random.nextInt(7_200));
            Set<String> expected = walkOverEverySubmission(store.all(), now, delivering::contains);

            List<Submission> gone = store.forgetSettled(now, RETENTION, delivering::contains);

            assertThat(gone).extracting(Submission::id).as("round %d", round)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(store.size()).isEqualTo(12 - expected.size());
        }
    }

    @Test
    void aSettledSubmissionThatMovesOnLeavesTheQueueAndOneThatSettlesLaterJoinsItThen() {
        settled.put("a", T0);
        store.add(certReg("a", "user-a"));
        settled.remove("a");
        store.update("a", s -> s);
        store.add(certReg("b", "user-b"));
        settled.put("b", T0);
        store.update("b", s -> s);

        List<Submission> gone = store.forgetSettled(T0.plus(RETENTION), RETENTION, id -> false);

        assertThat(gone).extracting(Submission::id).containsExactly("b");
    }

    @Test
    void theBytesOfAConfirmedCertRegAreOutOfReachOnceItsUrlsExpireAndAreAnsweredOnce() {
        store.add(certReg("c", "user-c"));
        store.update("c", s -> s.confirmed("session", "f", T0));
        store.add(ktpScan("k", "user-k", "session"));
        store.update("k", s -> s.confirmed("session", "f", T0));
        Instant urlsExpire = T0.plus(Duration.ofDays(5));

        assertThat(store.takeBytesOutOfReach(urlsExpire)).isEmpty();
        assertThat(store.takeBytesOutOfReach(urlsExpire.plusSeconds(1))).containsExactly("c");
        assertThat(store.takeBytesOutOfReach(urlsExpire.plusSeconds(2))).isEmpty();
    }

    @Test
    void aLookupBySessionAmongTenThousandKeptSubmissionsReadsOnlyThatSessionsSubmissions() {
        for (int i = 0; i < 5_000; i++) {
            store.add(ktpScan("kept-" + i, "user-" + i, "session-" + i));
            store.add(siv("kept-siv-" + i, "user-" + i, "session-" + i));
        }
        store.add(ktpScan("k1", "user-a", "session"));
        store.add(ktpScan("k2", "user-b", "session"));
        store.add(ktpScan("k3", "user-c", "other"));
        store.update("k3", s -> s.confirmed("session", "f", T0));
        List<String> asked = new ArrayList<>();

        Optional<Submission> found = store.coeBySession("client", "session", s -> {
            asked.add(s.id());
            return s.user().id().equals("user-a");
        });

        assertThat(found).map(Submission::id).contains("k1");
        assertThat(asked).as("whom the lookup asked about, newest first").containsExactly("k3", "k2", "k1");
        assertThat(store.size()).isEqualTo(10_003);
    }

    @Test
    void lookupsAnswerExactlyWhatAWalkOverEverySubmissionAnswered() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            store.clear();
            settled.clear();
            for (int step = 0; step < 40; step++) {
                switch (random.nextInt(7)) {
                    case 0, 1, 2, 3 -> create(round + "-" + step, random);
                    case 4, 5 -> change(random);
                    default -> store.forgetSettled(T0.plusSeconds(3_600 + random.nextInt(7_200)), RETENTION,
                            id -> random.nextInt(4) == 0);
                }
                assertLookupsAsWalk(store.all(), "round " + round + " step " + step);
            }
        }
    }

    private void create(String id, Random random) {
        String client = CLIENTS.get(random.nextInt(CLIENTS.size()));
        PartnerUser user = new PartnerUser(USERS.get(random.nextInt(USERS.size())),
                ID_TYPES.get(random.nextInt(ID_TYPES.size())));
        String session = SESSIONS.get(random.nextInt(SESSIONS.size()));
        Owner owner = new Owner(client, "P");
        Submission s = switch (random.nextInt(3)) {
            case 0 -> Submission.awaitingUpload(id, Flow.CERT_REG, owner, user, Scenario.VALID, session, null,
                    Map.of(), T0.plus(Duration.ofDays(5)), T0);
            case 1 -> Submission.awaitingUpload(id, Flow.KTP_SCAN, owner, user, Scenario.VALID, session, "sdk",
                    Map.of(), T0.plus(Duration.ofDays(5)), T0);
            default -> Submission.sivInitiated(id, owner, user, Scenario.VALID, session, journey(), T0);
        };
        if (random.nextBoolean()) {
            settled.put(id, T0.plusSeconds(random.nextInt(7_200)));
        }
        store.add(s);
    }

    /** Confirms, completes or only resettles a kept submission. */
    private void change(Random random) {
        List<Submission> kept = store.all();
        if (kept.isEmpty()) {
            return;
        }
        Submission s = kept.get(random.nextInt(kept.size()));
        if (random.nextBoolean()) {
            settled.put(s.id(), T0.plusSeconds(random.nextInt(7_200)));
        } else {
            settled.remove(s.id());
        }
        String session = SESSIONS.get(random.nextInt(SESSIONS.size()));
        store.update(s.id(), current -> {
            if (current.journey() != null) {
                return current.journey().isCompleted() ? current : current.journeyCompleted(T0);
            }
            return current.isConfirmed() ? current : current.confirmed(session, "f", T0);
        });
    }

    /** Every lookup of every client, session and user, against the rule as a walk over every submission. */
    private void assertLookupsAsWalk(List<Submission> all, String when) {
        List<String> sessions = new ArrayList<>(SESSIONS);
        sessions.add("unknown");
        List<String> idTypes = new ArrayList<>(ID_TYPES);
        idTypes.add(null);
        for (String client : CLIENTS) {
            for (String session : sessions) {
                assertThat(store.sivBySession(client, session)).as(when).isEqualTo(last(all,
                        s -> s.flow() == Flow.STANDALONE_IDENTITY_VERIFICATION
                                && s.owner().clientId().equals(client)
                                && s.partnerSessionId().equals(session)));
                assertThat(store.coeBySession(client, session, s -> true)).as(when)
                        .isEqualTo(coeWalk(all, client, session, s -> true));
                for (String userId : USERS) {
                    for (String idType : idTypes) {
                        Predicate<Submission> theUsers = s -> s.user().id().equals(userId)
                                && (idType == null || s.user().idType().equals(idType));
                        assertThat(store.coeBySession(client, session, theUsers)).as(when)
                                .isEqualTo(coeWalk(all, client, session, theUsers));
                    }
                }
            }
            for (String userId : USERS) {
                for (String idType : ID_TYPES) {
                    PartnerUser user = new PartnerUser(userId, idType);
                    assertThat(store.latestEsign(client, user)).as(when)
                            .isEqualTo(last(all, s -> s.flow().isEsign() && s.belongsTo(client, user)));
                }
            }
        }
    }

    private static Optional<Submission> coeWalk(List<Submission> all, String client, String session,
            Predicate<Submission> also) {
        return last(all, s -> s.flow() == Flow.KTP_SCAN
                && s.owner().clientId().equals(client)
                && also.test(s)
                && (s.partnerSessionId().equals(session)
                        || (s.confirmation() != null && s.confirmation().partnerSessionId().equals(session))));
    }

    private static Optional<Submission> last(List<Submission> all, Predicate<Submission> filter) {
        return all.stream().filter(filter).reduce((first, second) -> second);
    }

    /** The rule as a walk over every submission: the latest of a lookup goes only with all older ones. */
    private Set<String> walkOverEverySubmission(List<Submission> all, Instant now, Predicate<String> delivering) {
        Set<String> gone = new HashSet<>();
        Map<List<String>, List<Submission>> lookups = new HashMap<>();
        for (Submission s : all) {
            Instant at = settled.get(s.id());
            if (at != null && !delivering.test(s.id()) && Duration.between(at, now).compareTo(RETENTION) >= 0) {
                gone.add(s.id());
            }
            for (List<String> lookup : lookups(s)) {
                lookups.computeIfAbsent(lookup, l -> new ArrayList<>()).add(s);
            }
        }
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
        return gone;
    }

    private static List<List<String>> lookups(Submission s) {
        if (s.flow().isEsign()) {
            return List.of(List.of("esign", s.user().id(), s.user().idType()));
        }
        Set<String> sessions = new HashSet<>();
        sessions.add(s.partnerSessionId());
        if (s.confirmation() != null) {
            sessions.add(s.confirmation().partnerSessionId());
        }
        List<List<String>> lookups = new ArrayList<>();
        for (String session : sessions) {
            lookups.add(List.of("coe", s.user().id(), session));
            lookups.add(List.of("coe", s.user().id(), s.user().idType(), session));
        }
        return lookups;
    }

    private static Submission certReg(String id, String user) {
        return Submission.awaitingUpload(id, Flow.CERT_REG, new Owner("client", "P-BE-CERT_REG"),
                new PartnerUser(user, "T"), Scenario.VALID, "s-" + id, null,
                Map.of(DocumentType.KTP, id + "_KTP", DocumentType.SELFIE, id + "_SELFIE"),
                T0.plus(Duration.ofDays(5)), T0);
    }

    private static Submission ktpScan(String id, String user, String session) {
        return Submission.awaitingUpload(id, Flow.KTP_SCAN, new Owner("client", "P-SDK-KTP_SCAN"),
                new PartnerUser(user, "T"), Scenario.VALID, session, "sdk", Map.of(DocumentType.KTP, id + "_KTP"),
                T0.plus(Duration.ofDays(5)), T0);
    }

    private static Submission siv(String id, String user, String session) {
        return Submission.sivInitiated(id, new Owner("client", "P-SDK-SIV"), new PartnerUser(user, "T"),
                Scenario.VALID, session, journey(), T0);
    }

    private static SivJourney journey() {
        return new SivJourney(SivSource.SDK, "token", T0.plus(Duration.ofDays(60)), null, null, null);
    }
}
