package dev.onekycbridge.app.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Our submissions set against the platform's (the sandbox's) after a soak: what each registration ended as, how
 * many platform submissions it caused and how often they were confirmed, whether every result the platform
 * reached is reflected on our side, and (in the crash soaks) whether every callback the service answered with a
 * 2xx is in its durable inbox. Every breach is collected as one line, so that a failing run shows them all.
 */
final class SoakLedger {
    /**
     * How long after a kill the sandbox may still record a request the killed process sent before it: the request
     * was on its way, or waiting for the sandbox's event loop on a busy machine.
     */
    static final Duration KILL_SLACK = Duration.ofSeconds(2);
    /**
     * How long after the platform created a submission the process that asked for it may still not have stored its
     * upload URLs: the answer's way back and one write, milliseconds as a rule (4 to 304 ms seen at a kill), a
     * second or two on a loaded machine. A kill later than that no longer explains a duplicate.
     */
    static final Duration STORE_SLACK = Duration.ofSeconds(2);
    /**
     * How much later than the sandbox saw its answer the service may have stamped a callback's arrival: both read
     * the clock of one machine, at either end of one exchange, so this only absorbs the clocks' granularity.
     */
    static final Duration RECEIPT_SLACK = Duration.ofSeconds(1);

    /** When processes were killed; null when none was (the window of a duplicate is then not checked). */
    private final List<Instant> kills;
    /** Whether a confirm replayed by the platform is expected (its first answer may have been lost). */
    private final boolean confirmsReplayed;
    /** The service's callback inbox; null when not checked. */
    private final StoredCallbacks inbox;
    private int callbacksAnswered2xx;
    private final List<Long> orphanKillGapsMillis = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    private final Map<Integer, Integer> platformSubmissionsPerRegistration = new TreeMap<>();
    private final Map<Integer, Integer> confirmCounts = new TreeMap<>();
    private final Map<String, Integer> callbackDeliveries = new TreeMap<>();
    private final Map<String, Integer> finishedBy = new TreeMap<>();
    private int orphans;
    private int conflicts;
    private int mostPlatformSubmissions;

    /**
     * @param registrations the registrations by partner user id
     * @param ours our last view of each registration's submission, by partner user id (missing: never read)
     * @param platform the sandbox's {@code /_sandbox/submissions} list
     */
    SoakLedger(Map<String, SoakScenario> registrations, Map<String, JsonObject> ours, JsonArray platform) {
        this(registrations, ours, platform, null, null, false);
    }

    /**
     * The same for a soak whose platform lost answers after taking their requests in: a confirm is then sent
     * again with its session id and body, and the platform replays its answer (it counts such a replay, and
     * refuses any other second confirm). A replay is no breach there; a second confirmed platform submission
     * still is.
     */
    static SoakLedger withLostAnswers(Map<String, SoakScenario> registrations, Map<String, JsonObject> ours,
                                      JsonArray platform) {
        return new SoakLedger(registrations, ours, platform, null, null, true);
    }

    /**
     * The same for a crash soak, which also checks that each duplicate platform submission came from the crash
     * window: the time between the platform creating it and our storing its upload URLs. A kill must fall within
     * {@link #KILL_SLACK} before its creation (the request was on its way when the process died) and
     * {@link #STORE_SLACK} after it. Not up to the user's next platform submission: that one comes only once the
     * dead process's claim lease (20 s) has run out, and a window that wide holds a kill whatever happened. A
     * duplicate with no kill at its creation means two workers took the same step at once, or one lost an answer.
     *
     * <p>It also checks that no callback was lost: every attempt the platform saw answered with a 2xx (the
     * service stores a callback before it answers so) must be in the service's inbox, an entry reporting the same
     * submission, status, result and reasonCode, received no later than that answer. Polling fills in a result
     * whose callback went missing, so the submissions' states alone would not show it.
     *
     * @param kills when each process was killed (just before its SIGKILL)
     * @param inbox the service's callback inbox, read after {@code platform}: a callback the platform had seen
     *     answered by then was stored before
     */
    SoakLedger(Map<String, SoakScenario> registrations, Map<String, JsonObject> ours, JsonArray platform,
               List<Instant> kills, StoredCallbacks inbox) {
        this(registrations, ours, platform, kills, inbox, false);
    }

    private SoakLedger(Map<String, SoakScenario> registrations, Map<String, JsonObject> ours, JsonArray platform,
                       List<Instant> kills, StoredCallbacks inbox, boolean confirmsReplayed) {
        this.kills = kills == null ? null : List.copyOf(kills);
        this.confirmsReplayed = confirmsReplayed;
        this.inbox = inbox;
        if (inbox != null && inbox.erased() > 0) {
            violations.add(inbox.erased() + " callback inbox entries had their bodies erased before the check (the"
                    + " retention purge): which callbacks they were cannot be told");
        }
        Map<String, List<JsonObject>> byUser = new HashMap<>();
        for (int i = 0; i < platform.size(); i++) {
            JsonObject p = platform.getJsonObject(i);
            byUser.computeIfAbsent(p.getString("userId"), u -> new ArrayList<>()).add(p);
            JsonArray callbacks = p.getJsonArray("callbacks", new JsonArray());
            for (int c = 0; c < callbacks.size(); c++) {
                callbackDeliveries.merge(callbacks.getJsonObject(c).getString("state"), 1, Integer::sum);
            }
        }
        registrations.forEach((userId, scenario) -> check(userId, scenario, ours.get(userId),
                byUser.getOrDefault(userId, List.of())));
    }

    private void check(String userId, SoakScenario scenario, JsonObject our, List<JsonObject> platform) {
        int before = violations.size();
        checkOne(userId, scenario, our, platform);
        if (violations.size() > before) {
            evidence.add(userId + ": ours " + describe(our) + "; platform " + platform.stream()
                    .sorted(Comparator.comparing((JsonObject p) -> p.getString("createdAt")))
                    .map(SoakLedger::describePlatform).toList());
        }
    }

    private static String describe(JsonObject our) {
        if (our == null) {
            return "unknown";
        }
        JsonArray history = our.getJsonArray("history", new JsonArray());
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            JsonObject h = history.getJsonObject(i);
            steps.add(h.getString("kind") + ":" + h.getString("to") + "@" + h.getString("source") + "@"
                    + h.getString("at"));
        }
        return our.getString("id") + " -> " + our.getString("submissionId") + " " + our.getString("status")
                + " history=" + steps;
    }

    private static String describePlatform(JsonObject p) {
        return p.getString("submissionId") + " " + p.getString("status") + " created=" + p.getString("createdAt")
                + " confirmCount=" + p.getInteger("confirmCount") + " confirmedAt=" + p.getString("confirmedAt")
                + " uploaded=" + anyUploaded(p);
    }

    private void checkOne(String userId, SoakScenario scenario, JsonObject our, List<JsonObject> platform) {
        platformSubmissionsPerRegistration.merge(platform.size(), 1, Integer::sum);
        mostPlatformSubmissions = Math.max(mostPlatformSubmissions, platform.size());
        if (our == null) {
            violations.add(userId + ": our submission could not be read");
            return;
        }
        if (!scenario.matches(our)) {
            violations.add(userId + ": ended " + SoakScenario.actual(our) + " (" + our.getString("id")
                    + "), expected " + scenario.expected());
        }
        JsonArray history = our.getJsonArray("history", new JsonArray());
        String lastSource = null;
        for (int i = 0; i < history.size(); i++) {
            JsonObject entry = history.getJsonObject(i);
            if ("CONFLICT".equals(entry.getString("kind"))) {
                conflicts++;
            }
            if ("TRANSITION".equals(entry.getString("kind"))) {
                lastSource = entry.getString("source");
            }
        }
        finishedBy.merge(String.valueOf(lastSource), 1, Integer::sum);

        List<JsonObject> confirmed = platform.stream().filter(p -> p.getInteger("confirmCount", 0) > 0).toList();
        if (confirmed.size() != 1) {
            violations.add(userId + ": " + confirmed.size() + " confirmed platform submissions "
                    + ids(confirmed) + " of " + platform.size());
        }
        for (JsonObject p : confirmed) {
            int count = p.getInteger("confirmCount");
            confirmCounts.merge(count, 1, Integer::sum);
            if (count != 1 && !confirmsReplayed) {
                violations.add(userId + ": platform submission " + p.getString("submissionId") + " confirmed "
                        + count + " times");
            }
        }
        if (confirmed.size() == 1 && !confirmed.get(0).getString("submissionId")
                .equals(our.getString("submissionId"))) {
            violations.add(userId + ": ours names platform submission " + our.getString("submissionId")
                    + " but " + confirmed.get(0).getString("submissionId") + " was confirmed");
        }
        for (JsonObject p : platform) {
            if (p.getInteger("confirmCount", 0) > 0) {
                continue;
            }
            // The one duplicate a crash may leave: upload URLs issued, the answer lost before we stored it.
            // Such a submission was never uploaded to (we never knew its URLs) and never confirmed.
            if ("INITIATED".equals(p.getString("status")) && !anyUploaded(p)) {
                orphans++;
                if (kills != null && !killedInItsWindow(p)) {
                    violations.add(userId + ": platform submission " + p.getString("submissionId")
                            + " was left behind with no process killed from " + KILL_SLACK.toMillis()
                            + " ms before its creation to " + STORE_SLACK.toMillis() + " ms after (nearest kill: "
                            + nearestKill(p) + "): upload URLs asked for again with no crash to explain it");
                }
            } else {
                violations.add(userId + ": unconfirmed platform submission " + p.getString("submissionId")
                        + " is " + p.getString("status") + (anyUploaded(p) ? " with documents uploaded" : ""));
            }
        }
        if (inbox != null) {
            platform.forEach(p -> checkStored(userId, p));
        }
        for (JsonObject p : confirmed) {
            String status = p.getString("status");
            if (!"COMPLETED".equals(status) && !"ERROR".equals(status)) {
                continue;
            }
            boolean reflected = status.equals(our.getString("status"))
                    && Objects.equals(p.getString("result"), our.getString("result"))
                    && Objects.equals(p.getString("reasonCode"), our.getString("reasonCode"));
            if (!reflected) {
                violations.add(userId + ": the platform's final " + status + "/" + p.getString("result") + "/"
                        + p.getString("reasonCode") + " of " + p.getString("submissionId") + " is not ours: "
                        + SoakScenario.actual(our));
            }
        }
    }

    /**
     * Whether a kill falls in the crash window of {@code orphan}, from {@link #KILL_SLACK} before its creation to
     * {@link #STORE_SLACK} after; records how long after its creation the nearest such kill came.
     */
    private boolean killedInItsWindow(JsonObject orphan) {
        Instant created = Instant.parse(orphan.getString("createdAt"));
        Instant from = created.minus(KILL_SLACK);
        Instant to = created.plus(STORE_SLACK);
        Optional<Instant> kill = kills.stream().filter(k -> !k.isBefore(from) && !k.isAfter(to))
                .min(Comparator.comparing(k -> Duration.between(created, k).abs()));
        kill.ifPresent(k -> orphanKillGapsMillis.add(Duration.between(created, k).toMillis()));
        return kill.isPresent();
    }

    /** The kill nearest to {@code orphan}'s creation, as milliseconds after it (negative: before), or "none". */
    private String nearestKill(JsonObject orphan) {
        Instant created = Instant.parse(orphan.getString("createdAt"));
        return kills.stream().map(k -> Duration.between(created, k))
                .min(Comparator.comparing(Duration::abs)).map(d -> d.toMillis() + " ms").orElse("none");
    }

    /** Every attempt to deliver a callback of {@code p} that was answered with a 2xx must be in the inbox. */
    private void checkStored(String userId, JsonObject p) {
        JsonArray callbacks = p.getJsonArray("callbacks", new JsonArray());
        for (int c = 0; c < callbacks.size(); c++) {
            JsonObject delivery = callbacks.getJsonObject(c);
            JsonArray attempts = delivery.getJsonArray("attempts", new JsonArray());
            for (int a = 0; a < attempts.size(); a++) {
                JsonObject attempt = attempts.getJsonObject(a);
                Integer httpStatus = attempt.getInteger("httpStatus");
                if (httpStatus == null || httpStatus < 200 || httpStatus > 299) {
                    continue;
                }
                callbacksAnswered2xx++;
                StoredCallbacks.Report report = StoredCallbacks.Report.ofDelivery(delivery);
                Instant answered = Instant.parse(attempt.getString("at"))
                        .plusMillis(attempt.getLong("durationMillis", 0L));
                String what = userId + ": callback " + report + " (delivery " + delivery.getString("deliveryId")
                        + ", attempt " + attempt.getInteger("attempt") + ") was answered " + httpStatus + " at "
                        + answered;
                Optional<Instant> received = inbox.firstReceived(report);
                if (received.isEmpty()) {
                    violations.add(what + " but the service's callback inbox holds no such callback: lost");
                } else if (received.get().isAfter(answered.plus(RECEIPT_SLACK))) {
                    violations.add(what + " but the service's callback inbox holds it only from " + received.get()
                            + ": the answered delivery was lost and a later one stored");
                }
            }
        }
    }

    private static boolean anyUploaded(JsonObject p) {
        JsonObject documents = p.getJsonObject("documents", new JsonObject());
        return documents.fieldNames().stream().anyMatch(kind -> documents.getJsonObject(kind)
                .getBoolean("uploaded", false));
    }

    private static List<String> ids(List<JsonObject> platform) {
        return platform.stream().map(p -> p.getString("submissionId")).toList();
    }

    List<String> violations() {
        return violations;
    }

    /** For each registration that broke a rule: our submission's history and the platform's submissions. */
    List<String> evidence() {
        return evidence;
    }

    /** History entries of reports that contradicted a final or equal status. */
    int conflicts() {
        return conflicts;
    }

    int orphans() {
        return orphans;
    }

    int mostPlatformSubmissions() {
        return mostPlatformSubmissions;
    }

    /** The platform's callbacks in the state the sandbox records (DELIVERED, DROPPED, …), over every registration. */
    int platformCallbacks(String state) {
        return callbackDeliveries.getOrDefault(state, 0);
    }

    /** The callback delivery attempts the service answered with a 2xx, each checked against the inbox. */
    int callbacksAnswered2xx() {
        return callbacksAnswered2xx;
    }

    /** The figures, for the summary line. */
    String figures() {
        return "platformSubmissionsPerRegistration=" + platformSubmissionsPerRegistration
                + " orphanInitiated=" + orphans
                + (kills == null ? "" : " orphanToKillMillis=" + orphanKillGapsMillis)
                + " confirmCounts=" + confirmCounts
                + " finishedBy=" + finishedBy
                + " conflicts=" + conflicts
                + " platformCallbacks=" + callbackDeliveries
                + (inbox == null ? "" : " callbacksAnswered2xx=" + callbacksAnswered2xx + " inboxEntries="
                        + inbox.entries() + " inboxEntriesUnread=" + inbox.unread())
                + " violations=" + violations.size();
    }
}
