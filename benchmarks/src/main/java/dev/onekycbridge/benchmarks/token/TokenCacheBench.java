package dev.onekycbridge.benchmarks.token;

import dev.onekycbridge.adapter.onekyc.ClientMetrics;
import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Results;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.engine.SandboxEngine;
import dev.onekycbridge.sandbox.http.SandboxRouter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's token cache, counted where it matters: at the platform. A sandbox runs in this JVM (its engine
 * and router, so that it can share a clock with the client) and its request log is read for token requests.
 *
 * <ol>
 *   <li>1,000 threads released at once each make a first call (presigned URLs of a new registration) on a fresh
 *       client: the platform should see one token request.
 *   <li>Two simulated hours: client and sandbox share a {@link SimulatedClock}; every step advances it and makes a
 *       few concurrent calls. The sandbox refuses an expired token (401), so a cache that kept one too long
 *       would cost extra requests too. Expected: one token per refresh window (TTL less the refresh margin),
 *       plus the first.
 * </ol>
 *
 * <p>Usage: {@code TokenCacheBench [--concurrent 1000] [--simulated-minutes 120] [--step-seconds 15]
 * [--calls-per-step 4] [--markdown out.md]}
 */
public final class TokenCacheBench {
    private static final String TOKEN_PATH = "/v1/esign/partner/authentication";

    private TokenCacheBench() {
    }

    /** A sandbox on loopback with the given clock, and its request log. */
    private record Platform(Vertx vertx, SandboxEngine engine, String baseUrl) implements AutoCloseable {
        static Platform start(Clock clock) throws Exception {
            Vertx vertx = Vertx.vertx();
            SandboxEngine engine = new SandboxEngine(vertx, SandboxConfig.defaults(), clock);
            HttpServer server = vertx.createHttpServer().requestHandler(SandboxRouter.create(vertx, engine))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
            String base = "http://127.0.0.1:" + server.actualPort();
            engine.links().baseUrl(base);
            return new Platform(vertx, engine, base);
        }

        /**
         * Token requests and all requests seen since the last call, from the log's counts (exact however many
         * requests: its window of recorded requests keeps only the last 2,000); clears the log.
         */
        long[] drainCounts() {
            Map<String, Long> counts = engine.state().requests().counts();
            engine.state().requests().clear();
            long tokens = counts.getOrDefault("GET " + TOKEN_PATH, 0L);
            return new long[] {tokens, counts.values().stream().mapToLong(Long::longValue).sum()};
        }

        @Override
        public void close() throws Exception {
            engine.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        Results out = Results.from(args);
        int concurrent = args.intOption("concurrent", 1000);
        int minutes = args.intOption("simulated-minutes", 120);
        int stepSeconds = args.intOption("step-seconds", 15);
        int callsPerStep = args.intOption("calls-per-step", 4);

        long[] burst = concurrentFirstCalls(concurrent);
        // One token request counts only if every caller got its answer: a cache that failed the waiting callers
        // would also ask once.
        boolean burstMet = burst[0] == 1 && burst[1] == concurrent;
        out.line("| scenario | calls that succeeded | token requests at the sandbox | target | |");
        out.line("|---|---:|---:|---:|---|");
        out.line(String.format(Locale.ROOT, "| %,d concurrent first calls on a fresh client | %d | %d "
                        + "(client's count: %d) | 1 | %s |", concurrent, burst[1], burst[0], burst[2],
                burstMet ? "met" : "MISSED"));

        long[] hours = simulatedHours(minutes, stepSeconds, callsPerStep);
        long steps = (minutes * 60L + stepSeconds - 1) / stepSeconds;
        boolean hoursMet = hours[0] == hours[5] && hours[1] == steps * callsPerStep;
        out.line(String.format(Locale.ROOT, "| %d simulated minutes, %d calls every %d s (TTL %d s, refresh margin "
                        + "%d s) | %d | %d (client's count: %d) | %d | %s |", minutes, callsPerStep, stepSeconds,
                hours[3], hours[4], hours[1], hours[0], hours[2], hours[5], hoursMet ? "met" : "MISSED"));
        System.exit(burstMet && hoursMet ? 0 : 1);
    }

    private static OneKycClientConfig config(String base, Clock clock, AtomicInteger fetched) {
        return OneKycClientConfig.of(base + "/", base + "/", base + "/")
                .withCredentials(SandboxConfig.DEFAULT_CLIENT_ID, SandboxConfig.DEFAULT_PASS_KEY)
                .withCertRegOnboardingPartner(SandboxConfig.CERT_REG_PARTNER)
                .withClock(clock)
                .withMetrics(new ClientMetrics() {
                    @Override
                    public void tokenFetched(TokenKind kind) {
                        fetched.incrementAndGet();
                    }
                });
    }

    private static SubmissionRef newRegistration() {
        return new SubmissionRef(FlowType.CERT_REG, new PartnerUser("token-" + UUID.randomUUID(), "CLIENT_X_USER_ID"),
                null, UUID.randomUUID().toString());
    }

    /** Returns {token requests at the sandbox, calls that succeeded, tokens the client says it fetched}. */
    static long[] concurrentFirstCalls(int threads) throws Exception {
        try (Platform platform = Platform.start(Clock.systemUTC())) {
            AtomicInteger fetched = new AtomicInteger();
            OneKycClient client = OneKycClient.create(config(platform.baseUrl(), Clock.systemUTC(), fetched));
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger succeeded = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    client.requestUploadUrls(newRegistration());
                    succeeded.incrementAndGet();
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            for (Future<?> call : calls) {
                try {
                    call.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.println("a call failed: " + e.getCause());
                }
            }
            pool.shutdown();
            client.close();
            long[] counts = platform.drainCounts();
            System.out.printf(Locale.ROOT, "%d concurrent first calls: %d succeeded, %d token requests at the "
                    + "sandbox, %d fetched by the client's count%n", threads, succeeded.get(), counts[0], fetched.get());
            return new long[] {counts[0], succeeded.get(), fetched.get()};
        }
    }

    /**
     * Returns {token requests at the sandbox, calls that succeeded, client's count, TTL seconds, refresh margin
     * seconds, expected requests}.
     */
    static long[] simulatedHours(int minutes, int stepSeconds, int callsPerStep) throws Exception {
        // Whole seconds: the sandbox states expiries in epoch seconds.
        SimulatedClock clock = new SimulatedClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (Platform platform = Platform.start(clock)) {
            AtomicInteger fetched = new AtomicInteger();
            OneKycClientConfig config = config(platform.baseUrl(), clock, fetched);
            OneKycClient client = OneKycClient.create(config);
            long ttl = platform.engine().state().config().tokenTtlSeconds();
            long margin = Math.min(config.tokenRefreshMargin().toSeconds(), ttl / 2);
            long total = minutes * 60L;
            long tokens = 0;
            long succeeded = 0;
            ExecutorService pool = Executors.newFixedThreadPool(callsPerStep);
            try {
                for (long elapsed = 0; elapsed < total; elapsed += stepSeconds) {
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < callsPerStep; i++) {
                        calls.add(pool.submit(() -> client.requestUploadUrls(newRegistration())));
                    }
                    for (Future<?> call : calls) {
                        try {
                            call.get(1, TimeUnit.MINUTES);
                            succeeded++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            System.err.println("a call failed at +" + elapsed + " s: " + e.getCause());
                        }
                    }
                    tokens += platform.drainCounts()[0];
                    clock.advance(Duration.ofSeconds(stepSeconds));
                }
            } finally {
                pool.shutdown();
                client.close();
            }
            // A token is fetched at 0 and then whenever (TTL − margin) has passed since the last one.
            long expected = 1 + (total - 1) / (ttl - margin);
            System.out.printf(Locale.ROOT, "%d simulated minutes: %d calls succeeded, %d token requests at the "
                            + "sandbox (client's count %d); expected %d (TTL %d s, refresh %d s before expiry)%n",
                    minutes, succeeded, tokens, fetched.get(), expected, ttl, margin);
            return new long[] {tokens, succeeded, fetched.get(), ttl, margin, expected};
        }
    }
}
