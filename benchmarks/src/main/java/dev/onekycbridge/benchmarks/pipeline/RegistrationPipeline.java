package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Fixtures;
import dev.onekycbridge.benchmarks.Results;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The registration pipeline: N certificate registrations with images of a given size on three sides, all in this
 * JVM against one embedded sandbox on loopback, with the same concurrency (the service's driver has 4 threads by
 * default, so every side makes 4 registrations' platform calls at a time):
 * <ul>
 *   <li>the service: partner API → SQLite in WAL mode → driver → sandbox;
 *   <li>the baseline, a {@link StatelessRelay}: the same partner requests through the same web adapter, the same
 *       platform calls with the same client, nothing stored;
 *   <li>for reference, the platform calls alone ({@link PlatformCalls}): no partner API at all.
 * </ul>
 * The service and the relay get the very same requests from the same {@link PartnerClient} (4 threads).
 *
 * <p>Warm-up: batches of {@code warmup} registrations for at least {@code warmup-seconds} on each side, then on
 * until the JIT has settled ({@link WarmUp}). The time matters more than the count: AES-GCM on a 200 KiB image
 * runs about a hundred times slower until C2 has compiled its intrinsics, which takes seconds of steady use.
 *
 * <p>A registration counts when the platform has accepted its confirm: for the direct calls and the relay when the
 * confirm answers 200, for the service when the submission reaches CONFIRMED (seen by a listener on the bridge).
 * Throughput is N divided by the time from the first request to the last registration confirmed, summed over
 * alternating rounds (direct, relay, service, direct, …) so that load from elsewhere on the machine falls on all
 * sides alike. Warm-up batches are not counted.
 *
 * <p>Usage: {@code RegistrationPipeline [--registrations 200] [--image-bytes 204800] [--concurrency 4]
 * [--warmup 50] [--warmup-seconds 25] [--rounds 4] [--processing-delay-ms 20] [--callbacks on]
 * [--database-url jdbc:postgresql://…] [--markdown out.md]}. The sandbox sends its callbacks to the side being
 * measured: the service stores and applies them, the relay reads and answers them ({@link ReadOnlyCallbacks}), so
 * that both receive the same HTTP calls. {@code --callbacks off} is a diagnostic: the sandbox sends neither side
 * callbacks during the measured rounds, to show what receiving them costs each side. {@code --database-url} puts
 * the service on that database instead of a fresh SQLite file (a fresh, empty PostgreSQL database, say).
 */
public final class RegistrationPipeline {
    private static final Set<SubmissionStatus> CONFIRMED_OR_LATER = Set.of(SubmissionStatus.CONFIRMED,
            SubmissionStatus.PARTIALLY_COMPLETED, SubmissionStatus.COMPLETED);
    private static final Set<SubmissionStatus> FAILED = Set.of(SubmissionStatus.ERROR, SubmissionStatus.EXPIRED,
            SubmissionStatus.FAILED);
    private static final double TARGET = 0.7;

    /** A partner API under test: where it listens, and where it reports confirmed registrations. */
    record PartnerApi(String baseUrl, Confirmations confirmations) {
    }

    private RegistrationPipeline() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        int registrations = args.intOption("registrations", 200);
        int imageBytes = args.intOption("image-bytes", 200 * 1024);
        int concurrency = args.intOption("concurrency", 4);
        int warmup = args.intOption("warmup", 50);
        int warmupSeconds = args.intOption("warmup-seconds", 25);
        int rounds = args.intOption("rounds", 4);
        long delay = args.longOption("processing-delay-ms", 20);
        boolean callbacks = !"off".equals(args.option("callbacks").orElse("on"));
        String databaseUrl = args.option("database-url").orElse(null);
        Results out = Results.from(args);

        byte[] ktp = Fixtures.jpeg(imageBytes);
        byte[] selfie = Fixtures.png(imageBytes);
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(delay).withCompletionDelayMillis(delay)));
        Path folder = Files.createTempDirectory("onekyc-bench-pipeline");
        String apiKey = UUID.randomUUID().toString();
        BridgeConfig config = serviceConfig(sandbox, folder, apiKey, databaseUrl);
        PartnerClient partner = new PartnerClient(apiKey);
        List<String> warmUps = new ArrayList<>();
        Batch direct;
        Batch relayed;
        Batch service;
        List<Batch> relayRounds = new ArrayList<>();
        List<Batch> serviceRounds = new ArrayList<>();
        long relayCallbacks;
        long relayRejected;
        try {
            PlatformCalls calls = new PlatformCalls(sandbox.baseUrl(), SandboxConfig.DEFAULT_CLIENT_ID,
                    SandboxConfig.DEFAULT_PASS_KEY, SandboxConfig.CERT_REG_PARTNER);
            calls.authenticate();
            WarmUp directWarmUp = new WarmUp(warmupSeconds);
            do {
                System.out.println(direct(calls, "direct calls warm-up", warmup, concurrency, ktp, selfie)
                        .describe());
                // The sandbox keeps up to 256 MiB of uploaded images: forget them, so that its heap does not grow
                // with the warm-up (a reset also forgets the token).
                sandbox.control().reset();
                calls.authenticate();
            } while (directWarmUp.goesOn());
            System.out.println("direct calls " + directWarmUp.describe());
            warmUps.add("direct calls " + directWarmUp.describe());

            Confirmations relayConfirmations = new Confirmations();
            try (StatelessRelay relay = StatelessRelay.start(config, relayConfirmations, concurrency)) {
                PartnerApi relayApi = new PartnerApi(relay.baseUrl(), relayConfirmations);
                WarmUp relayWarmUp = new WarmUp(warmupSeconds);
                CallbackTarget toRelay = CallbackTarget.post(relay.esignCallbackUrl());
                do {
                    // Nothing of the service exists yet, so the sandbox may forget everything between batches.
                    // The relay's client fetches a new token when the old one is refused, as the service's does.
                    // A reset forgets the callback target too.
                    sandbox.control().reset();
                    sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN, toRelay));
                    System.out.println(throughPartnerApi(partner, relayApi, "relay warm-up", warmup, concurrency,
                            ktp, selfie).describe());
                } while (relayWarmUp.goesOn());
                System.out.println("relay " + relayWarmUp.describe());
                warmUps.add("relay " + relayWarmUp.describe());
                calls.authenticate(); // the relay's resets forgot the direct calls' token

                Confirmations serviceConfirmations = new Confirmations();
                // As many driver threads as the relay's forwarders and the partner's threads.
                RunningService running = RunningService.start(config, sandbox,
                        builder -> builder.driverThreads(concurrency));
                try {
                    running.bridge().addListener(event -> {
                        SubmissionStatus status = event.submission().status();
                        String id = event.submission().id().toString();
                        if (CONFIRMED_OR_LATER.contains(status)) {
                            serviceConfirmations.confirmed(id);
                        } else if (FAILED.contains(status)) {
                            serviceConfirmations.failed(id);
                        }
                    });
                    PartnerApi serviceApi = new PartnerApi(running.baseUrl(), serviceConfirmations);
                    CallbackTarget toService = sandbox.control().config().callback(CallbackChannel.ESIGN)
                            .orElseThrow();
                    WarmUp serviceWarmUp = new WarmUp(warmupSeconds);
                    do {
                        System.out.println(throughPartnerApi(partner, serviceApi, "service warm-up", warmup,
                                concurrency, ktp, selfie).describe());
                    } while (serviceWarmUp.goesOn());
                    System.out.println("service " + serviceWarmUp.describe());
                    warmUps.add("service " + serviceWarmUp.describe());
                    Thread.sleep(2_000); // the warm-up's callbacks arrive and are applied before the measured batches
                    // Measured in alternating rounds, so that a burst of load from elsewhere on the machine falls on
                    // every side alike. The sandbox sends its callbacks to the side being measured, as in
                    // production: none during direct calls, which have no receiver, and to the relay or the
                    // service during theirs. Each round's callbacks arrive before the next round starts.
                    List<Batch> directRounds = new ArrayList<>();
                    int perRound = Math.max(1, registrations / rounds);
                    long relayCallbacksBefore = relay.callbacks().read();
                    for (int round = 1; round <= rounds; round++) {
                        sandbox.control().updateConfig(c -> c.withoutCallback(CallbackChannel.ESIGN));
                        directRounds.add(printed(direct(calls, "direct calls round " + round, perRound,
                                concurrency, ktp, selfie)));
                        Thread.sleep(500); // the sandbox finishes processing the round (no callbacks)
                        if (callbacks) {
                            sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN, toRelay));
                        }
                        relayRounds.add(printed(throughPartnerApi(partner, relayApi, "relay round " + round,
                                perRound, concurrency, ktp, selfie)));
                        Thread.sleep(1_000); // the round's callbacks arrive
                        sandbox.control().updateConfig(c -> callbacks
                                ? c.withCallback(CallbackChannel.ESIGN, toService)
                                : c.withoutCallback(CallbackChannel.ESIGN));
                        serviceRounds.add(printed(throughPartnerApi(partner, serviceApi, "service round " + round,
                                perRound, concurrency, ktp, selfie)));
                        Thread.sleep(1_000); // the round's callbacks arrive and are applied
                    }
                    relayCallbacks = relay.callbacks().read() - relayCallbacksBefore;
                    relayRejected = relay.callbacks().rejected();
                    direct = printed(Batch.merge("direct platform calls (reference)", directRounds));
                    relayed = printed(Batch.merge("stateless relay (baseline)", relayRounds));
                    service = printed(Batch.merge("service", serviceRounds));
                } finally {
                    running.close();
                }
            }
        } finally {
            sandbox.close();
            deleteTree(folder);
        }
        if (callbacks) {
            warmUps.add(String.format(Locale.ROOT, "in the measured rounds the relay read and answered %,d callbacks"
                    + " (%d unreadable) and the service stored and applied its own", relayCallbacks, relayRejected));
        } else {
            warmUps.add("the sandbox sent neither side callbacks in the measured rounds (--callbacks off)");
        }
        warmUps.add("the service's database: " + (databaseUrl == null ? "a fresh SQLite file (WAL)"
                : databaseUrl.startsWith("jdbc:postgresql:") ? "PostgreSQL (--database-url)" : "--database-url"));
        report(out, direct, relayed, service, perRoundRatios(relayRounds, serviceRounds), imageBytes, concurrency,
                delay, warmUps);
        System.exit(0);
    }

    /** Each round's relay and service rates, and their ratio: how much the headline ratio moves within a run. */
    private static List<String> perRoundRatios(List<Batch> relayRounds, List<Batch> serviceRounds) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(relayRounds.size(), serviceRounds.size()); i++) {
            double relay = relayRounds.get(i).perSecond();
            double service = serviceRounds.get(i).perSecond();
            rows.add(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2f |", i + 1, relay, service, service / relay));
        }
        return rows;
    }

    private static void report(Results out, Batch direct, Batch relayed, Batch service, List<String> roundRows,
                               int imageBytes, int concurrency, long delay, List<String> warmUps) {
        double ratio = service.perSecond() / relayed.perSecond();
        out.line(String.format(Locale.ROOT, "%d registrations per side in %d alternating rounds, two images of %,d "
                + "bytes each, %d at a time, sandbox processing delay %d ms. Wall time is the sum of the rounds. "
                + "Warm-up: %s.", service.registrations() + service.failed(), roundRows.size(), imageBytes,
                concurrency, delay, String.join("; ", warmUps)));
        out.line("");
        out.line("| pipeline | registrations/s | wall time (s) | all accepted by the API after (s) | failed "
                + "| submit→confirmed p50 (ms) | p99 (ms) | CPU per registration (ms, whole JVM) | JIT compiling per registration (ms, elapsed) |");
        out.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Batch batch : List.of(direct, relayed, service)) {
            out.line(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %s | %d | %.1f | %.1f | %.1f | %.1f |", batch.label(),
                    batch.perSecond(), batch.seconds(), Double.isNaN(batch.acceptSeconds()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", batch.acceptSeconds()), batch.failed(),
                    batch.latency().percentileMillis(50), batch.latency().percentileMillis(99),
                    batch.cpuMillisPerRegistration(), batch.jitMillisPerRegistration()));
        }
        out.line("");
        out.line(String.format(Locale.ROOT, "**Ratio service ÷ baseline: %.2f** (target ≥ %.1f: %s), the baseline "
                + "being the stateless relay.", ratio, TARGET,
                new RatioVerdict(ratio, TARGET, relayed.failed(), service.failed()).text()));
        out.line("");
        out.line(String.format(Locale.ROOT, "For reference, service ÷ direct platform calls: %.2f (no partner API "
                + "in front of the calls).", service.perSecond() / direct.perSecond()));
        out.line("");
        out.line("Round by round (each service round ran right after its relay round), to show how far the ratio "
                + "moves within one run:");
        out.line("");
        out.line("| round | relay (registrations/s) | service (registrations/s) | ratio |");
        out.line("|---:|---:|---:|---:|");
        roundRows.forEach(out::line);
    }

    private static Batch printed(Batch batch) {
        System.out.println(batch.describe());
        return batch;
    }

    /** The direct calls: {@code count} registrations, {@code concurrency} at a time. */
    static Batch direct(PlatformCalls calls, String label, int count, int concurrency, byte[] ktp, byte[] selfie)
            throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long cpuStart = processCpuNanos();
        long jitStart = jitMillis();
        long start = System.nanoTime();
        long[] end = {start};
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        calls.register("direct-" + run + "-" + i, ktp, selfie);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        System.err.println("direct registration " + i + " failed: " + e.getMessage());
                    }
                    long t1 = System.nanoTime();
                    latencies[i] = t1 - t0;
                    synchronized (end) {
                        end[0] = Math.max(end[0], t1);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return new Batch(label, count - failed.get(), failed.get(), (end[0] - start) / 1e9, latencies, Double.NaN,
                (processCpuNanos() - cpuStart) / 1e9, jitMillis() - jitStart);
    }

    /** The service's configuration against the sandbox, with a fresh SQLite file and data key; the relay's too. */
    static BridgeConfig serviceConfig(SandboxServer sandbox, Path folder, String apiKey) {
        return serviceConfig(sandbox, folder, apiKey, null);
    }

    /** The same on the given database instead ({@code null}: a fresh SQLite file in {@code folder}). */
    static BridgeConfig serviceConfig(SandboxServer sandbox, Path folder, String apiKey, String databaseUrl) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_DB_URL", databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + folder.resolve("bridge.db"));
        settings.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(key));
        settings.put("BRIDGE_HTTP_PORT", "0");
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        settings.put("BRIDGE_API_KEY", apiKey);
        // Not the default one, which a service running on this machine may hold.
        settings.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
        return BridgeConfig.from(ConfigSource.of(settings));
    }

    /**
     * {@code count} registrations through a partner API, submitted by the partner from {@code concurrency}
     * threads; done when every one accepted is confirmed or failed (or after 5 minutes).
     */
    static Batch throughPartnerApi(PartnerClient partner, PartnerApi api, String label, int count, int concurrency,
                                   byte[] ktp, byte[] selfie) throws InterruptedException {
        long cpuStart = processCpuNanos();
        long jitStart = jitMillis();
        PartnerClient.Submitted submitted = partner.submit(api.baseUrl(), count, concurrency, ktp, selfie);
        Map<String, Long> submittedAt = submitted.submittedAt();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && !api.confirmations().allSettled(submittedAt.keySet())) {
            Thread.sleep(10);
        }
        long[] latencies = new long[submittedAt.size()];
        int confirmed = 0;
        long end = submitted.startNanos();
        for (Map.Entry<String, Long> entry : submittedAt.entrySet()) {
            Long at = api.confirmations().confirmedAt(entry.getKey());
            if (at != null) {
                latencies[confirmed++] = at - entry.getValue();
                end = Math.max(end, at);
            }
        }
        return new Batch(label, confirmed, count - confirmed, (end - submitted.startNanos()) / 1e9,
                Arrays.copyOf(latencies, confirmed), submitted.acceptSeconds(), (processCpuNanos() - cpuStart) / 1e9,
                jitMillis() - jitStart);
    }

    /** Time the JIT compilers have spent so far, in milliseconds (elapsed, summed over the compiler threads). */
    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** CPU time this JVM has used so far, all threads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
