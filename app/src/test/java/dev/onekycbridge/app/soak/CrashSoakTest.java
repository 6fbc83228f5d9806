package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.soak.PartnerClient.Accepted;
import dev.onekycbridge.app.soak.PartnerClient.Registration;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash soak: registrations posted to the service while its process is killed with SIGKILL at random moments and
 * started again on the same database and port. Every registration must end in its scenario's final state, with
 * exactly one platform submission confirmed, once; a crash may only leave behind a platform submission that got
 * its upload URLs and nothing more; and every final result the platform reached must be ours too.
 *
 * <p>CI size by default; the full size with {@code -Dsoak.crash.registrations=200 -Dsoak.crash.kills=10} (see
 * bench/README.md). {@code -Dsoak.seed} changes the kill moments and pacing.
 */
@Tag("soak")
class CrashSoakTest {
    private static final int REGISTRATIONS = Integer.getInteger("soak.crash.registrations", 20);
    private static final int KILLS = Integer.getInteger("soak.crash.kills", 3);
    private static final long SEED = Long.getLong("soak.seed", 20_240_611L);
    /** At most this long for the lease a killed process leaves on what it was doing to end, and polls after. */
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("soak.crash.settleSeconds", 420));
    private static final Duration START = Duration.ofSeconds(90);
    private static final int DRIVER_THREADS = 4;
    private static final int POSTERS = 4;

    private SandboxServer sandbox;
    private ServiceProcess service;
    private ExecutorService posters;
    private Path folder;
    private boolean passed;

    @AfterEach
    void cleanUp() throws IOException {
        if (posters != null) {
            posters.shutdownNow();
        }
        if (service != null) {
            service.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (folder != null) {
            if (passed) {
                try (var files = Files.walk(folder)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                System.out.println("crash soak: service log and database kept in " + folder);
            }
        }
    }

    @Test
    void everyRegistrationEndsInItsScenariosStateWithOnePlatformConfirmWhileTheServiceIsKilledAtRandom()
            throws Exception {
        Random random = new Random(SEED);
        folder = Files.createTempDirectory("onekyc-crash-soak-");
        sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()));
        int port = ServiceProcess.freePort();
        sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                CallbackTarget.post("http://127.0.0.1:" + port + "/callbacks/esign")));
        Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        environment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
        environment.put("BRIDGE_DATA_KEY", randomKey());
        environment.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        environment.put("BRIDGE_HTTP_PORT", Integer.toString(port));
        environment.put("BRIDGE_POLL_AFTER", "PT3S");
        // A killed process's claims run out after this; the sandbox answers fast, so steps take far less.
        environment.put("BRIDGE_CLAIM_LEASE", "PT20S");
        service = new ServiceProcess(environment, port, folder);
        PartnerClient partner = new PartnerClient(service::baseUrl);

        String prefix = "cs" + Long.toHexString(SEED & 0xffff) + Long.toHexString(System.nanoTime() & 0xfff);
        List<Registration> registrations = new ArrayList<>();
        for (int i = 0; i < REGISTRATIONS; i++) {
            registrations.add(Registration.of(prefix, i));
        }
        // The registrations go in bursts, one per life of the service, posted at once by several clients; the
        // kill comes a random time after the burst began, so that it lands while requests are being accepted and
        // steps are on their way to the platform.
        int lives = KILLS + 1;
        long[] uptimes = new long[KILLS];
        long[] downtimes = new long[KILLS];
        for (int k = 0; k < KILLS; k++) {
            uptimes[k] = 100 + random.nextInt(3_900);
            downtimes[k] = random.nextInt(1_500);
        }

        long started = System.nanoTime();
        service.start(START);
        posters = Executors.newFixedThreadPool(POSTERS);
        List<Future<Accepted>> accepted = new ArrayList<>();
        List<Long> inFlightAtKills = new ArrayList<>();
        int kills = 0;
        for (int life = 0; life < lives; life++) {
            for (Registration registration : registrations.subList(life * REGISTRATIONS / lives,
                    (life + 1) * REGISTRATIONS / lives)) {
                accepted.add(posters.submit(() -> partner.register(registration, Duration.ofMinutes(4))));
            }
            if (life == KILLS) {
                break;
            }
            PartnerClient.sleep(uptimes[life]);
            inFlightAtKills.add(partner.metrics().map(m -> MetricsText.sum(m, "submissions", "status=\"CREATED\"")
                    + MetricsText.sum(m, "submissions", "status=\"INITIATED\"")
                    + MetricsText.sum(m, "submissions", "status=\"UPLOADED\"")
                    + MetricsText.sum(m, "submissions", "status=\"CONFIRMED\"")
                    + MetricsText.sum(m, "submissions", "status=\"PARTIALLY_COMPLETED\"")).orElse(-1L));
            service.kill();
            kills++;
            PartnerClient.sleep(downtimes[life]);
            service.start(START);
        }
        Map<String, Accepted> ids = new LinkedHashMap<>();
        for (int i = 0; i < registrations.size(); i++) {
            ids.put(registrations.get(i).userId(), accepted.get(i).get(5, TimeUnit.MINUTES));
        }
        long loaded = System.nanoTime();

        Map<String, JsonObject> finals = partner.awaitFinal(ids.values().stream().map(Accepted::id).toList(),
                SETTLE, service::requireAlive);
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
        SoakLedger ledger = new SoakLedger(scenarios, ours, partner.platformSubmissions(sandbox.baseUrl()));
        long notFinal = finals.values().stream().filter(s -> !PartnerClient.FINAL.contains(s.getString("status")))
                .count() + (ids.size() - finals.size());
        int attempts = ids.values().stream().mapToInt(Accepted::attempts).sum();
        long replays = ids.values().stream().filter(Accepted::replayed).count();
        System.out.println("CRASH SOAK registrations=" + REGISTRATIONS + " kills=" + kills
                + " notFinalAtKills=" + inFlightAtKills + " starts=" + service.starts() + " startMillis=" + service.startMillis() + " seed=" + SEED
                + " duration=" + seconds(settled - started) + "s (load " + seconds(loaded - started)
                + "s, settle " + seconds(settled - loaded) + "s)"
                + " postAttempts=" + attempts + " postRetries=" + (attempts - REGISTRATIONS)
                + " idempotentReplays=" + replays + " notFinal=" + notFinal + " " + ledger.figures());
        ledger.violations().forEach(v -> System.out.println("crash soak violation: " + v));
        ledger.evidence().forEach(e -> System.out.println("crash soak evidence: " + e));

        assertThat(kills).isEqualTo(KILLS);
        assertThat(notFinal).as("submissions not final after " + SETTLE).isZero();
        assertThat(ledger.violations()).as("registrations that broke a rule").isEmpty();
        assertThat(ledger.orphans()).as("orphans: at most one per driver thread per kill")
                .isLessThanOrEqualTo(DRIVER_THREADS * KILLS);
        passed = true;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
