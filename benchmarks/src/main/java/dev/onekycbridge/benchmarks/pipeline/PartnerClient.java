package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.benchmarks.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partner: posts certificate registrations ({@link Fixtures#registrationRequest}, multipart with two images)
 * to {@code POST /v1/certificate-registrations} with its API key, from a number of threads at once. The same
 * requests go to the service and to the stateless relay.
 */
final class PartnerClient {
    static final String PATH = "/v1/certificate-registrations";

    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    PartnerClient(String apiKey) {
        this.apiKey = apiKey;
    }

    /**
     * What a run of submissions left behind.
     *
     * @param startNanos {@link System#nanoTime()} before the first request
     * @param submittedAt for each registration answered 202, the id it was given and when its request started
     * @param rejected requests not answered 202
     * @param acceptSeconds from the start until the last request was answered
     */
    record Submitted(long startNanos, Map<String, Long> submittedAt, int rejected, double acceptSeconds) {
    }

    /** Posts {@code count} registrations to {@code baseUrl}, {@code concurrency} at a time, until all are answered. */
    Submitted submit(String baseUrl, int count, int concurrency, byte[] ktp, byte[] selfie)
            throws InterruptedException {
        URI uri = URI.create(baseUrl + PATH);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Fixtures.Multipart request = Fixtures.registrationRequest("partner-" + run + "-" + i, ktp,
                            selfie);
                    long t0 = System.nanoTime();
                    try {
                        submittedAt.put(post(uri, request), t0);
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
        return new Submitted(start, submittedAt, rejected.get(), (System.nanoTime() - start) / 1e9);
    }

    /** One registration; the id the API gave it. */
    private String post(URI uri, Fixtures.Multipart request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", request.contentType())
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body()).getString("id");
    }
}
