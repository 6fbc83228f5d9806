package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Fixtures;
import dev.onekycbridge.benchmarks.Results;
import dev.onekycbridge.benchmarks.Stats;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The registration pipeline: N certificate registrations with images of a given size, through the real service
 * (partner API → SQLite in WAL mode → driver → sandbox) and, as the baseline, the same platform calls made
 * directly ({@link PlatformCalls}, nothing stored). Both run in this JVM against one embedded sandbox on
 * loopback, with the same concurrency: the service's driver has 4 threads by default, so the baseline runs 4
 * registrations at a time and the partner side submits to the service from 4 threads.
 *
 * <p>Warm-up: batches of {@code warmup} registrations until {@code warmup-seconds} have passed, on each side. The
 * time matters more than the count: AES-GCM on a 200 KiB image runs about a hundred times slower until C2 has
 * compiled its intrinsics, which takes seconds of steady use.
 *
 * <p>A registration counts when the platform has accepted its confirm: for the baseline when the confirm answers
 * 200, for the service when the submission reaches CONFIRMED (seen by a listener on the bridge). Throughput is
 * N divided by the time from the first request to the last registration confirmed, summed over alternating
 * rounds (baseline, service, baseline, …) so that load from elsewhere on the machine falls on both sides alike.
 * Warm-up batches are not counted.
 *
 * <p>Usage: {@code RegistrationPipeline [--registrations 200] [--image-bytes 204800] [--concurrency 4]
 * [--warmup 50] [--warmup-seconds 25] [--rounds 4] [--processing-delay-ms 20] [--markdown out.md]}
 */
public final class RegistrationPipeline {
    private static final Set<SubmissionStatus> CONFIRMED_OR_LATER = Set.of(SubmissionStatus.CONFIRMED,
            SubmissionStatus.PARTIALLY_COMPLETED, SubmissionStatus.COMPLETED);
    private static final Set<SubmissionStatus> FAILED = Set.of(SubmissionStatus.ERROR, SubmissionStatus.EXPIRED,
            SubmissionStatus.FAILED);

    /** One measured batch. */
    record Batch(String label, int registrations, int failed, double seconds, long[] latencies,
                 double acceptSeconds) {
        Stats latency() {
            return Stats.of(latencies, latencies.length);
        }

        /** Several batches of one side as one: counts and times added, latencies pooled. */
        static Batch merge(String label, List<Batch> batches) {
            int registrations = 0;
            int failed = 0;
            double seconds = 0;
            double accept = 0;
            java.util.stream.LongStream.Builder latencies = java.util.stream.LongStream.builder();
            for (Batch b : batches) {
                registrations += b.registrations();
                failed += b.failed();
                seconds += b.seconds();
                accept += b.acceptSeconds();
                java.util.Arrays.stream(b.latencies()).forEach(latencies::add);
            }
            return new Batch(label, registrations, failed, seconds, latencies.build().toArray(), accept);
        }

        double perSecond() {
            return registrations / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: %d registrations confirmed (%d failed) in %.2f s = %.1f/s%s; "
                    + "submit→confirmed %s", label, registrations, failed, seconds, perSecond(),
                    Double.isNaN(acceptSeconds) ? "" : String.format(Locale.ROOT,
                            " (all %d accepted by the partner API after %.2f s)", registrations + failed,
                            acceptSeconds), latency().describe());
        }
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
        Results out = Results.from(args);

        byte[] ktp = Fixtures.jpeg(imageBytes);
        byte[] selfie = Fixtures.png(imageBytes);
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(delay).withCompletionDelayMillis(delay)));
        Path folder = Files.createTempDirectory("onekyc-bench-pipeline");
        Batch baseline;
        Batch service;
        try {
            PlatformCalls calls = new PlatformCalls(sandbox.baseUrl(), SandboxConfig.DEFAULT_CLIENT_ID,
                    SandboxConfig.DEFAULT_PASS_KEY, SandboxConfig.CERT_REG_PARTNER);
            calls.authenticate();
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            do {
                System.out.println(direct(calls, "baseline warm-up", warmup, concurrency, ktp, selfie).describe());
                // The sandbox keeps every uploaded image: forget them, so that its heap does not grow with the
                // warm-up (a reset also forgets the token).
                sandbox.control().reset();
                calls.authenticate();
            } while (System.nanoTime() < warmupEnd);
            sandbox.control().reset();
            calls.authenticate();

            RunningService running = startService(sandbox, folder);
            try {
                CallbackTarget toService = sandbox.control().config().callback(CallbackChannel.ESIGN).orElseThrow();
                long serviceWarmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
                do {
                    System.out.println(throughService(running, "service warm-up", warmup, concurrency, ktp, selfie)
                            .describe());
                } while (System.nanoTime() < serviceWarmupEnd);
                Thread.sleep(2_000); // the warm-up's callbacks arrive and are applied before the measured batches
                // Measured in alternating rounds, so that a burst of load from elsewhere on the machine falls on
                // both sides alike. During a baseline round the sandbox sends no callbacks to the service (they
                // would be about submissions it does not know); during a service round it does, as in production.
                List<Batch> baselineRounds = new ArrayList<>();
                List<Batch> serviceRounds = new ArrayList<>();
                int perRound = Math.max(1, registrations / rounds);
                for (int round = 1; round <= rounds; round++) {
                    sandbox.control().updateConfig(c -> c.withoutCallback(CallbackChannel.ESIGN));
                    Batch b = direct(calls, "baseline round " + round, perRound, concurrency, ktp, selfie);
                    System.out.println(b.describe());
                    baselineRounds.add(b);
                    Thread.sleep(500); // the sandbox finishes processing the round (no callbacks)
                    sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN, toService));
                    Batch s = throughService(running, "service round " + round, perRound, concurrency, ktp, selfie);
                    System.out.println(s.describe());
                    serviceRounds.add(s);
                    Thread.sleep(1_000); // the round's callbacks arrive and are applied
                }
                baseline = Batch.merge("baseline (direct platform calls)", baselineRounds);
                service = Batch.merge("service", serviceRounds);
                System.out.println(baseline.describe());
                System.out.println(service.describe());
            } finally {
                running.close();
            }
        } finally {
            sandbox.close();
            deleteTree(folder);
        }
        double ratio = service.perSecond() / baseline.perSecond();
        out.line(String.format(Locale.ROOT, "%d registrations per side in %d alternating rounds, two images of %,d "
                + "bytes each, %d at a time, sandbox processing delay %d ms. Wall time is the sum of the rounds.",
                baseline.registrations() + baseline.failed(), rounds, imageBytes, concurrency, delay));
        out.line("");
        out.line("| pipeline | registrations/s | wall time (s) | all accepted by the API after (s) | failed "
                + "| submit→CONFIRMED p50 (ms) | p99 (ms) |");
        out.line("|---|---:|---:|---:|---:|---:|---:|");
        for (Batch batch : List.of(baseline, service)) {
            out.line(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %s | %d | %.1f | %.1f |", batch.label(),
                    batch.perSecond(), batch.seconds(), Double.isNaN(batch.acceptSeconds()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", batch.acceptSeconds()), batch.failed(),
                    batch.latency().percentileMillis(50), batch.latency().percentileMillis(99)));
        }
        out.line("");
        out.line(String.format(Locale.ROOT, "**Ratio service ÷ baseline: %.2f** (target ≥ 0.7: %s)", ratio,
                ratio >= 0.7 ? "met" : "MISSED"));
        System.exit(0);
    }

    /** The baseline: {@code count} registrations with direct platform calls, {@code concurrency} at a time. */
    static Batch direct(PlatformCalls calls, String label, int count, int concurrency, byte[] ktp, byte[] selfie)
            throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long[] end = {start};
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        calls.register("direct-" + run + "-" + i, ktp, selfie);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        System.err.println("baseline registration " + i + " failed: " + e.getMessage());
                    }
                    long t1 = System.nanoTime();
                    latencies[i] = t1 - t0;
                    synchronized (end) {
                        end[0] = Math.max(end[0], t1);
                    }
                }
            }));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return new Batch(label, count - failed.get(), failed.get(), (end[0] - start) / 1e9, latencies, Double.NaN);
    }

    static RunningService startService(SandboxServer sandbox, Path folder) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
        settings.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(key));
        settings.put("BRIDGE_HTTP_PORT", "0");
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        return RunningService.start(BridgeConfig.from(ConfigSource.of(settings)), sandbox, UnaryOperator.identity());
    }

    /**
     * {@code count} registrations through the partner API, submitted from {@code concurrency} threads; done when
     * every one is CONFIRMED (or later) or failed.
     */
    static Batch throughService(RunningService service, String label, int count, int concurrency, byte[] ktp,
                                byte[] selfie) throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> confirmedAt = new ConcurrentHashMap<>();
        Map<String, Long> failedAt = new ConcurrentHashMap<>();
        dev.onekycbridge.core.event.SubmissionListener listener = event -> {
            SubmissionStatus status = event.submission().status();
            String id = event.submission().id().toString();
            if (CONFIRMED_OR_LATER.contains(status)) {
                confirmedAt.putIfAbsent(id, System.nanoTime());
            } else if (FAILED.contains(status)) {
                failedAt.putIfAbsent(id, System.nanoTime());
            }
        };
        service.bridge().addListener(listener);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        long start = System.nanoTime();
        double acceptedAfter = Double.NaN;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int w = 0; w < concurrency; w++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Fixtures.Multipart request = Fixtures.registrationRequest("svc-" + run + "-" + i, ktp, selfie);
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                            URI.create(service.baseUrl() + "/v1/certificate-registrations"))
                                    .header("Content-Type", request.contentType())
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 202) {
                                throw new IllegalStateException("answered " + response.statusCode() + ": "
                                        + response.body());
                            }
                            submittedAt.put(new JsonObject(response.body()).getString("id"), t0);
                        } catch (IOException | RuntimeException e) {
                            rejected.incrementAndGet();
                            System.err.println("registration " + i + " was not accepted: " + e.getMessage());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            acceptedAfter = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline && !submittedAt.keySet().stream()
                    .allMatch(id -> confirmedAt.containsKey(id) || failedAt.containsKey(id))) {
                Thread.sleep(10);
            }
        } finally {
            service.bridge().removeListener(listener);
        }
        long[] latencies = new long[submittedAt.size()];
        int confirmed = 0;
        long end = start;
        for (Map.Entry<String, Long> entry : submittedAt.entrySet()) {
            Long at = confirmedAt.get(entry.getKey());
            if (at != null) {
                latencies[confirmed++] = at - entry.getValue();
                end = Math.max(end, at);
            }
        }
        int failed = count - confirmed;
        return new Batch(label, confirmed, failed, (end - start) / 1e9,
                java.util.Arrays.copyOf(latencies, confirmed), acceptedAfter);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
