package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.soak.PartnerClient.Accepted;
import dev.onekycbridge.app.soak.PartnerClient.Registration;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash soak: registrations posted to the service while its process is killed with SIGKILL at random moments and
 * started again on the same database and port. Every registration must end in its scenario's final state, with
 * exactly one platform submission confirmed, once; a crash may only leave behind a platform submission that got
 * its upload URLs and nothing more, asked for just before a kill; every final result the platform reached must be
 * ours too; and every callback the service answered with a 2xx must be in its callback inbox (the database file,
 * its bodies opened with the soak's data key), however soon after polling would have found the same result.
 *
 * <p>CI size by default; the full size with {@code -Dsoak.crash.registrations=200 -Dsoak.crash.kills=10} (see
 * bench/README.md). {@code -Dsoak.seed} changes the kill moments and pacing.
 */
@Tag("soak")
class CrashSoakTest {
    private static final int REGISTRATIONS = Integer.getInteger("soak.crash.registrations", 20);
    private static final int KILLS = Integer.getInteger("soak.crash.kills", 3);

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
        CrashSoak.cleanUp(folder, passed, "crash soak: service log and database");
    }

    @Test
    void everyRegistrationEndsInItsScenariosStateWithOnePlatformConfirmWhileTheServiceIsKilledAtRandom()
            throws Exception {
        Random random = new Random(CrashSoak.SEED);
        folder = Files.createTempDirectory("onekyc-crash-soak-");
        sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()));
        int port = ServiceProcess.freePort();
        sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                CallbackTarget.post("http://127.0.0.1:" + port + "/callbacks/esign")));
        String databaseUrl = "jdbc:sqlite:" + folder.resolve("bridge.db");
        String dataKey = CrashSoak.randomKey();
        service = new ServiceProcess(CrashSoak.serviceSettings(sandbox, databaseUrl, dataKey, port,
                folder.resolve("uploads")), port, folder);
        PartnerClient partner = new PartnerClient(service::baseUrl);

        List<Registration> registrations = CrashSoak.registrations("cs", REGISTRATIONS);
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
        service.start(CrashSoak.START);
        posters = Executors.newFixedThreadPool(CrashSoak.POSTERS);
        List<Future<Accepted>> accepted = new ArrayList<>();
        List<Long> inFlightAtKills = new ArrayList<>();
        List<Instant> kills = new ArrayList<>();
        for (int life = 0; life < lives; life++) {
            for (Registration registration : registrations.subList(life * REGISTRATIONS / lives,
                    (life + 1) * REGISTRATIONS / lives)) {
                accepted.add(posters.submit(() -> partner.register(registration, CrashSoak.POST_PATIENCE)));
            }
            if (life == KILLS) {
                break;
            }
            PartnerClient.sleep(uptimes[life]);
            inFlightAtKills.add(CrashSoak.notFinal(partner.metrics()));
            kills.add(Instant.now());
            service.kill();
            PartnerClient.sleep(downtimes[life]);
            service.start(CrashSoak.START);
        }
        CrashSoakOutcome outcome = CrashSoakOutcome.settle(registrations, accepted, partner, sandbox.baseUrl(),
                databaseUrl, dataKey, kills, service::requireAlive, started);
        System.out.println("CRASH SOAK registrations=" + REGISTRATIONS + " kills=" + kills.size()
                + " notFinalAtKills=" + inFlightAtKills + " starts=" + service.starts()
                + " startMillis=" + service.startMillis() + " seed=" + CrashSoak.SEED + " " + outcome.figures());
        outcome.printViolations("crash soak");

        assertThat(kills).hasSize(KILLS);
        outcome.assertHeld(kills.size());
        passed = true;
    }
}
