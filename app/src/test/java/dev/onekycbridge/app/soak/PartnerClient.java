package dev.onekycbridge.app.soak;

import dev.onekycbridge.app.e2e.BridgeHarness;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The partner's side of the soaks: registrations posted over the partner API (retried with the same
 * {@code Idempotency-Key} and the same bytes while the service cannot answer), submissions read back, and the
 * sandbox's record of its platform submissions.
 */
final class PartnerClient {
    static final Set<String> FINAL = Set.of("COMPLETED", "ERROR", "EXPIRED", "FAILED");
    private static final byte[] KTP = TestData.jpeg(24_000);
    private static final byte[] SELFIE = TestData.png(16_000);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> base;

    /** @param base the service's base URL, read at every request (a restarted service keeps its port) */
    PartnerClient(Supplier<String> base) {
        this.base = base;
    }

    /** One registration, its request fixed once so that every retry sends the same bytes and key. */
    record Registration(int index, SoakScenario scenario, String userId, String idempotencyKey, String boundary,
                        byte[] body) {
        static Registration of(String prefix, int index) {
            SoakScenario scenario = SoakScenario.of(index);
            String userId = scenario.userId(prefix, index);
            String boundary = "soak-" + prefix + "-" + index;
            return new Registration(index, scenario, userId, prefix + "-key-" + index, boundary,
                    multipart(boundary, BridgeHarness.registrationDetails(userId).encode()));
        }
    }

    /** What it took to get one registration accepted. */
    record Accepted(String id, int attempts, boolean replayed) {
    }

    /**
     * Posts the registration until the service answers 202, retrying while it cannot be reached or answers 5xx
     * (a service being killed or starting), with the same key and body each time.
     */
    Accepted register(Registration registration, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        int attempts = 0;
        String lastProblem = null;
        while (System.nanoTime() < deadline) {
            attempts++;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(base.get() + "/v1/certificate-registrations"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "multipart/form-data; boundary=" + registration.boundary())
                        .header("Idempotency-Key", registration.idempotencyKey())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(registration.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
                    return new Accepted(new JsonObject(response.body()).getString("id"), attempts, replayed);
                }
                if (response.statusCode() < 500) {
                    throw new AssertionError("registration " + registration.userId() + " answered "
                            + response.statusCode() + ": " + response.body());
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(200);
        }
        throw new AssertionError("registration " + registration.userId() + " not accepted in " + patience
                + " after " + attempts + " attempts; last: " + lastProblem);
    }

    /** Our submission, or empty while the service cannot answer. */
    Optional<JsonObject> submission(String id) {
        return get(base.get() + "/v1/submissions/" + id).map(JsonObject::new);
    }

    Optional<String> metrics() {
        return get(base.get() + "/metrics");
    }

    /**
     * Waits until every submission is final (or the deadline passes) and returns the last view of each; a
     * submission that could not be read at all is missing from the answer.
     */
    Map<String, JsonObject> awaitFinal(List<String> ids, Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonObject> last = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> pending = new ArrayList<>(ids);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            check.run();
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                Optional<JsonObject> seen = submission(id);
                seen.ifPresent(s -> last.put(id, s));
                if (seen.isEmpty() || !FINAL.contains(seen.get().getString("status"))) {
                    still.add(id);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                sleep(500);
            }
        }
        return last;
    }

    /** The sandbox's platform submissions, from its control API. */
    JsonArray platformSubmissions(String sandboxBaseUrl) {
        String body = get(sandboxBaseUrl + "/_sandbox/submissions")
                .orElseThrow(() -> new AssertionError("the sandbox did not list its submissions"));
        return ((JsonObject) Json.decodeValue(body)).getJsonArray("submissions");
    }

    private Optional<String> get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Optional.of(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] multipart(String boundary, String details) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "details", null, "application/json", details.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "ktp", "ktp.jpg", "image/jpeg", KTP);
        part(body, boundary, "selfie", "selfie.png", "image/png", SELFIE);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName,
                             String type, byte[] bytes) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
