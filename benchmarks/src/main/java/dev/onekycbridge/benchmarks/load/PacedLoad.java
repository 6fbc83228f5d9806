package dev.onekycbridge.benchmarks.load;

import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Payloads;
import dev.onekycbridge.benchmarks.Results;
import dev.onekycbridge.benchmarks.Stats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate load generator (what wrk2 does and plain wrk cannot): one request every {@code 1/rate} seconds on
 * a fixed schedule, each a unique CERT_REG callback, whatever the answers. Latency is measured from the moment
 * a request was <em>due</em>, not from when it was sent, so a stall of the server shows in the percentiles
 * instead of being hidden by a generator that waited for it (coordinated omission). A request that failed or was
 * answered other than 200 counts as a 60 s wait in the percentiles.
 *
 * <p>Usage: {@code PacedLoad --url http://127.0.0.1:8080/callbacks/esign [--rate 1000] [--seconds 20]
 * [--warmup-seconds 5] [--connections 64] [--label service] [--markdown out.md] [--timeline out.tsv]}
 *
 * <p>{@code --timeline} writes a comment line with the instant the first measured request was due, then one line
 * per measured request: milliseconds since that instant, its latency in milliseconds, and 1 if it was answered 200
 * (else 0). A stall can then be placed in time and held against the server's own logs.
 */
public final class PacedLoad {
    private PacedLoad() {
    }

    /** What one run measured, after its warm-up. */
    public record Outcome(String label, int rate, int sent, int ok, int failed, double achievedPerSecond,
                          Stats latency) {
        public String describe() {
            return String.format(Locale.ROOT, "%s at %d req/s: %d sent, %d ok, %d failed, %.0f req/s answered; %s",
                    label, rate, sent, ok, failed, achievedPerSecond, latency.describe());
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        Outcome outcome = run(args.require("url"), args.intOption("rate", 1000), args.intOption("seconds", 20),
                args.intOption("warmup-seconds", 5), args.intOption("connections", 64),
                args.option("label").orElse("target"), args.option("timeline").map(Path::of));
        System.out.println(outcome.describe());
        Results out = Results.from(args);
        out.line(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |",
                outcome.label(), outcome.rate(), outcome.sent(), outcome.failed(), outcome.achievedPerSecond(),
                outcome.latency().percentileMillis(50), outcome.latency().percentileMillis(90),
                outcome.latency().percentileMillis(99), outcome.latency().percentileMillis(99.9),
                outcome.latency().maxMillis()));
        System.exit(0);
    }

    public static Outcome run(String url, int rate, int seconds, int warmupSeconds, int connections, String label,
                              Optional<Path> timeline) throws InterruptedException, IOException {
        int warmup = rate * warmupSeconds;
        int total = warmup + rate * seconds;
        String[] bodies = new String[total];
        for (int i = 0; i < total; i++) {
            bodies[i] = Payloads.uniqueCertRegCallback();
        }
        long[] latencies = new long[total];
        boolean[] succeeded = new boolean[total];
        long[] finishedAt = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();

        Vertx vertx = Vertx.vertx();
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setConnectTimeout(5_000).setIdleTimeout(30),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        io.vertx.core.Context context = vertx.getOrCreateContext();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").setTimeout(30_000);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        Instant measuredFrom = Instant.now().plusNanos(start - System.nanoTime() + (long) warmup * period);
        try {
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                int index = i;
                inFlight.incrementAndGet();
                // Requests are made on one event-loop context, as Vert.x expects of its client.
                context.runOnContext(ignored -> client.request(options)
                        .compose(request -> request.send(Buffer.buffer(bodies[index])))
                        .compose(response -> response.body().map(body -> response.statusCode()))
                        .onComplete(result -> {
                            long end = System.nanoTime();
                            latencies[index] = end - due;
                            finishedAt[index] = end;
                            succeeded[index] = result.succeeded() && result.result() == 200;
                            if (result.failed() && failures.incrementAndGet() <= 3) {
                                System.err.println("request failed: " + result.cause());
                            }
                            inFlight.decrementAndGet();
                            done.countDown();
                        }));
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                System.err.println("PacedLoad: " + done.getCount() + " requests unanswered after 60 s");
            }
        } finally {
            client.close();
            vertx.close();
        }
        long[] measured = new long[total - warmup];
        int ok = 0;
        int failed = 0;
        long lastFinish = 0;
        for (int i = warmup; i < total; i++) {
            // A request not answered 200 was not served: it counts as the longest wait, so failures can only
            // push the percentiles up, never down with quick error answers.
            measured[i - warmup] = succeeded[i] && latencies[i] != 0 ? latencies[i] : TimeUnit.SECONDS.toNanos(60);
            if (succeeded[i]) {
                ok++;
            } else {
                failed++;
            }
            lastFinish = Math.max(lastFinish, finishedAt[i]);
        }
        long measuredStart = start + (long) warmup * period;
        if (timeline.isPresent()) {
            writeTimeline(timeline.get(), measuredFrom, measured, succeeded, warmup, period);
        }
        double achieved = ok / ((Math.max(lastFinish, measuredStart + 1) - measuredStart) / 1e9);
        return new Outcome(label, rate, total - warmup, ok, failed, achieved, Stats.of(measured, measured.length));
    }

    private static void writeTimeline(Path file, Instant measuredFrom, long[] measured, boolean[] succeeded,
                                      int warmup, long period) throws IOException {
        StringBuilder lines = new StringBuilder(measured.length * 24);
        lines.append("# the first measured request was due at ").append(measuredFrom).append(System.lineSeparator());
        for (int i = 0; i < measured.length; i++) {
            lines.append(String.format(Locale.ROOT, "%.3f\t%.3f\t%d%n", i * period / 1e6, measured[i] / 1e6,
                    succeeded[warmup + i] ? 1 : 0));
        }
        Files.writeString(file, lines);
    }
}
