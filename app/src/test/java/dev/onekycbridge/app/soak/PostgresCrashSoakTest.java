package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.e2e.TestDatabase;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash soak with two service processes on one PostgreSQL database, which the design allows: "claims use
 * {@code FOR UPDATE SKIP LOCKED} leases, so each step runs on one instance at a time". Registrations go in bursts,
 * each spread over both instances (even ones to a, odd ones to b; one whose instance is down goes to the other).
 * A random time after a burst, one instance picked at random, or every third time both, get SIGKILL; the next
 * burst is posted while they are down (to the survivor or, with both down, again and again until one is back), and
 * the one after that once they have been started again on the same database and port. The rules of
 * {@link CrashSoakTest} hold and are checked the same way ({@link CrashSoakOutcome}).
 * New here is that no step may run on both instances at once: every platform submission is confirmed at most once,
 * a duplicate one must have been asked for just before a kill ({@link SoakLedger}), every callback answered with a
 * 2xx by either instance must be in the shared callback inbox (the schema's callback_inbox, its bodies opened with
 * the data key), and both instances must have completed steps.
 *
 * <p>Callbacks: the sandbox, like the platform, calls back one URL; in production that is a load balancer in front
 * of the instances. Here a {@link LoopbackForwarder} plays it: each connection goes to the next instance that
 * accepts one, as a layer-4 balancer with health by connect does. It replays nothing: a delivery cut by a kill
 * fails and the sandbox sends it again, as the platform retries a callback that got no 2xx; if both instances stay
 * down longer than the sandbox's retries last, the submission ends by polling, as it would behind a real balancer.
 *
 * <p>Runs only with {@code BRIDGE_TEST_POSTGRES_URL}, on a schema of its own ({@link TestDatabase#postgres()}). CI
 * size by default; the full size with {@code -Dsoak.crashPostgres.registrations=200
 * -Dsoak.crashPostgres.kills=12} (see bench/README.md). {@code -Dsoak.seed} changes the victims, kill moments and
 * pacing. The work figures per instance come from each life's {@code /metrics}, read just before its kill and at
 * the end: what a process did between that read and its death is not in them.
 */
@Tag("soak")
class PostgresCrashSoakTest {
    private static final int REGISTRATIONS = Integer.getInteger("soak.crashPostgres.registrations", 24);
    /** Kill rounds: every third takes down both instances, the others one. */
    private static final int KILLS = Integer.getInteger("soak.crashPostgres.kills", 3);
    private static final List<String> NAMES = List.of("a", "b");

    private TestDatabase database;
    private SandboxServer sandbox;
    private LoopbackForwarder balancer;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ExecutorService starters;
    private ExecutorService posters;
    private Path folder;
    private boolean passed;
    private final AtomicInteger rerouted = new AtomicInteger();

    @AfterEach
    void cleanUp() throws IOException {
        if (posters != null) {
            posters.shutdownNow();
        }
        services.forEach(ServiceProcess::close);
        if (starters != null) {
            starters.shutdownNow();
        }
        if (balancer != null) {
            balancer.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (database != null) {
            database.close();
        }
        CrashSoak.cleanUp(folder, passed, "crash postgres soak: service logs");
    }

    @Test
    void everyRegistrationEndsInItsScenariosStateWithOnePlatformConfirmWhileTwoInstancesOfOneDatabaseAreKilled()
            throws Exception {
        database = TestDatabase.postgres();
        Random random = new Random(CrashSoak.SEED);
        folder = Files.createTempDirectory("onekyc-crash-postgres-soak-");
        sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()));
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        while (portB == portA) {
            portB = ServiceProcess.freePort();
        }
        balancer = LoopbackForwarder.start(List.of(portA, portB));
        sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                CallbackTarget.post("http://127.0.0.1:" + balancer.port() + "/callbacks/esign")));
        String classPath = ServiceProcess.copyOfClassPath(folder);
        for (int port : List.of(portA, portB)) {
            String name = NAMES.get(services.size());
            services.add(new ServiceProcess(CrashSoak.serviceSettings(sandbox, database.url(), database.dataKey(),
                    port, folder.resolve("uploads-" + name)), port, folder.resolve("service-" + name + ".log"),
                    classPath));
        }
        List<PartnerClient> posting = List.of(new PartnerClient(() -> baseUrlFor(0)),
                new PartnerClient(() -> baseUrlFor(1)));
        List<PartnerClient> direct = services.stream().map(s -> new PartnerClient(s::baseUrl)).toList();

        List<Registration> registrations = CrashSoak.registrations("cp", REGISTRATIONS);
        long[] uptimes = new long[KILLS];
        long[] downtimes = new long[KILLS];
        List<List<Integer>> victims = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            uptimes[k] = 100 + random.nextInt(3_900);
            victims.add(k % 3 == 2 ? List.of(0, 1) : List.of(random.nextInt(2)));
            downtimes[k] = random.nextInt(1_500);
        }
        // One burst at the first start, then two per kill: one while the victims are down, one once they are back.
        int bursts = 2 * KILLS + 1;
        InstanceWork[] work = {InstanceWork.NONE, InstanceWork.NONE};

        long started = System.nanoTime();
        starters = Executors.newFixedThreadPool(NAMES.size());
        start(List.of(0, 1));
        posters = Executors.newFixedThreadPool(CrashSoak.POSTERS);
        List<Future<Accepted>> accepted = new ArrayList<>();
        post(registrations, 0, bursts, posting, accepted);
        List<Long> inFlightAtKills = new ArrayList<>();
        List<Instant> kills = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            PartnerClient.sleep(uptimes[k]);
            inFlightAtKills.add(CrashSoak.notFinal(posting.get(0).metrics()));
            for (int victim : victims.get(k)) {
                work[victim] = work[victim].plus(direct.get(victim).metrics());
                kills.add(Instant.now());
                services.get(victim).kill();
            }
            post(registrations, 2 * k + 1, bursts, posting, accepted);
            PartnerClient.sleep(downtimes[k]);
            start(victims.get(k));
            post(registrations, 2 * k + 2, bursts, posting, accepted);
        }
        CrashSoakOutcome outcome = CrashSoakOutcome.settle(registrations, accepted, posting.get(0),
                sandbox.baseUrl(), database.url(), database.dataKey(), kills,
                () -> services.forEach(ServiceProcess::requireAlive), started);
        for (int i = 0; i < work.length; i++) {
            work[i] = work[i].plus(direct.get(i).metrics());
        }
        List<Long> callbackConnections = balancer.connections();
        System.out.println("CRASH POSTGRES SOAK registrations=" + REGISTRATIONS + " instances=" + NAMES.size()
                + " kills=" + kills.size() + " victims=" + victims.stream().map(v -> v.stream().map(NAMES::get)
                        .reduce("", String::concat)).toList()
                + " notFinalAtKills=" + inFlightAtKills
                + " starts=" + perInstance(i -> services.get(i).starts())
                + " startMillis=" + perInstance(i -> services.get(i).startMillis())
                + " seed=" + CrashSoak.SEED
                + " postsRerouted=" + rerouted.get()
                + " postsAccepted=" + perInstance(i -> work[i].postsAccepted())
                + " stepsCompleted=" + perInstance(i -> work[i].stepsCompleted())
                + " confirms=" + perInstance(i -> work[i].confirms())
                + " callbacksReceived=" + perInstance(i -> work[i].callbacksReceived())
                + " callbackConnections=" + perInstance(callbackConnections::get)
                + " callbackConnectionsRefused=" + balancer.refused()
                + " " + outcome.figures());
        outcome.printViolations("crash postgres soak");

        assertThat(kills).hasSize(victims.stream().mapToInt(List::size).sum());
        outcome.assertHeld(kills.size());
        assertThat(List.of(work)).as("work seen per instance: both must have completed steps")
                .allSatisfy(w -> assertThat(w.stepsCompleted()).isPositive());
        passed = true;
    }

    /** The registration's own instance while it is up, else the other one if that is up. */
    private String baseUrlFor(int preferred) {
        ServiceProcess own = services.get(preferred);
        ServiceProcess other = services.get(1 - preferred);
        if (!own.ready() && other.ready()) {
            rerouted.incrementAndGet();
            return other.baseUrl();
        }
        return own.baseUrl();
    }

    /** Starts these instances at once (in parallel: a restart of both is a restart of the deployment). */
    private void start(List<Integer> which) throws Exception {
        List<Future<?>> starting = new ArrayList<>();
        for (int i : which) {
            starting.add(starters.submit(() -> services.get(i).start(CrashSoak.START)));
        }
        for (Future<?> start : starting) {
            start.get();
        }
    }

    /** Posts the {@code burst}-th of {@code bursts} parts of the registrations, each to its own instance. */
    private void post(List<Registration> registrations, int burst, int bursts, List<PartnerClient> posting,
                      List<Future<Accepted>> accepted) {
        for (Registration registration : registrations.subList(burst * registrations.size() / bursts,
                (burst + 1) * registrations.size() / bursts)) {
            PartnerClient partner = posting.get(registration.index() % posting.size());
            accepted.add(posters.submit(() -> partner.register(registration, CrashSoak.POST_PATIENCE)));
        }
    }

    private static <T> Map<String, T> perInstance(Function<Integer, T> figure) {
        Map<String, T> figures = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            figures.put(NAMES.get(i), figure.apply(i));
        }
        return figures;
    }

    /** What one instance did, summed over its lives, from its metrics. */
    private record InstanceWork(long postsAccepted, long stepsCompleted, long confirms, long callbacksReceived) {
        static final InstanceWork NONE = new InstanceWork(0, 0, 0, 0);

        /** This plus one life's counters; a scrape that failed adds nothing. */
        InstanceWork plus(Optional<String> scrape) {
            return scrape.map(m -> new InstanceWork(
                    postsAccepted + MetricsText.sum(m, "http_requests_total", "status=\"202\""),
                    stepsCompleted + MetricsText.sum(m, "driver_steps_total", "result=\"completed\""),
                    confirms + MetricsText.sum(m, "driver_steps_total", "kind=\"CONFIRM\",result=\"completed\""),
                    callbacksReceived + MetricsText.sum(m, "callbacks_received_total", null))).orElse(this);
        }
    }
}
