package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.soak.PartnerClient.Accepted;
import dev.onekycbridge.app.soak.PartnerClient.Registration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a crash soak ended: every registration accepted, every submission read until final (or until
 * {@link CrashSoak#SETTLE}), and set against the platform's record in a {@link SoakLedger} that also checks each
 * duplicate against the kills and each callback answered with a 2xx against the service's durable inbox. The same
 * rules hold however many processes were killed.
 */
final class CrashSoakOutcome {
    private final SoakLedger ledger;
    private final int registrations;
    private final long notFinal;
    private final int attempts;
    private final long replays;
    private final long loadNanos;
    private final long settleNanos;

    private CrashSoakOutcome(SoakLedger ledger, int registrations, long notFinal, int attempts, long replays,
                             long loadNanos, long settleNanos) {
        this.ledger = ledger;
        this.registrations = registrations;
        this.notFinal = notFinal;
        this.attempts = attempts;
        this.replays = replays;
        this.loadNanos = loadNanos;
        this.settleNanos = settleNanos;
    }

    /**
     * Waits for every post to be accepted, then for every submission to be final, and checks them.
     *
     * @param accepted the posts of {@code registrations}, in the same order
     * @param partner reads our submissions
     * @param databaseUrl the services' database, whose callback inbox is read once the platform's record has been
     * @param dataKey the services' data key, which opens the inbox's bodies
     * @param kills when each process was killed
     * @param alive fails if a service process that must be running is not
     * @param started when the soak's load began ({@link System#nanoTime})
     */
    static CrashSoakOutcome settle(List<Registration> registrations, List<Future<Accepted>> accepted,
                                   PartnerClient partner, String sandboxBaseUrl, String databaseUrl,
                                   String dataKey, List<Instant> kills,
                                   Runnable alive, long started)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Accepted> ids = new LinkedHashMap<>();
        for (int i = 0; i < registrations.size(); i++) {
            ids.put(registrations.get(i).userId(), accepted.get(i).get(5, TimeUnit.MINUTES));
        }
        long loaded = System.nanoTime();

        Map<String, JsonObject> finals = partner.awaitFinal(ids.values().stream().map(Accepted::id).toList(),
                CrashSoak.SETTLE, alive);
        long settled = System.nanoTime();
        Map<String, JsonObject> ours = new HashMap<>();
        Map<String, SoakScenario> scenarios = new LinkedHashMap<>();
        for (Registration registration : registrations) {
            scenarios.put(registration.userId(), registration.scenario());
            JsonObject our = finals.get(ids.get(registration.userId()).id());
            if (our != null) {
                ours.put(registration.userId(), our);
            }
        }
        // The platform's record first: a callback it has seen answered with a 2xx was stored before the answer, so
        // the inbox read after it holds every one of them. (The retention purge erases no body of this soak's: see
        // CrashSoak.serviceSettings.)
        JsonArray platform = partner.platformSubmissions(sandboxBaseUrl);
        StoredCallbacks inbox = StoredCallbacks.read(databaseUrl, dataKey);
        SoakLedger ledger = new SoakLedger(scenarios, ours, platform, kills, inbox);
        long notFinal = finals.values().stream().filter(s -> !PartnerClient.FINAL.contains(s.getString("status")))
                .count() + (ids.size() - finals.size());
        int attempts = ids.values().stream().mapToInt(Accepted::attempts).sum();
        long replays = ids.values().stream().filter(Accepted::replayed).count();
        return new CrashSoakOutcome(ledger, registrations.size(), notFinal, attempts, replays, loaded - started,
                settled - loaded);
    }

    /** The figures for the summary line, from the duration on. */
    String figures() {
        return "duration=" + CrashSoak.seconds(loadNanos + settleNanos) + "s (load " + CrashSoak.seconds(loadNanos)
                + "s, settle " + CrashSoak.seconds(settleNanos) + "s)"
                + " postAttempts=" + attempts + " postRetries=" + (attempts - registrations)
                + " idempotentReplays=" + replays + " notFinal=" + notFinal + " " + ledger.figures();
    }

    /** Prints one line per broken rule, and the evidence of each registration that broke one. */
    void printViolations(String soak) {
        ledger.violations().forEach(v -> System.out.println(soak + " violation: " + v));
        ledger.evidence().forEach(e -> System.out.println(soak + " evidence: " + e));
    }

    /** @param killed how many processes were killed, each of which may leave one duplicate per driver thread */
    void assertHeld(int killed) {
        assertThat(notFinal).as("submissions not final after " + CrashSoak.SETTLE).isZero();
        assertThat(ledger.violations()).as("registrations that broke a rule").isEmpty();
        assertThat(ledger.callbacksAnswered2xx()).as("callbacks answered 2xx, checked against the inbox")
                .isPositive();
        assertThat(ledger.orphans()).as("orphans: at most one per driver thread per kill")
                .isLessThanOrEqualTo(CrashSoak.DRIVER_THREADS * killed);
    }
}
