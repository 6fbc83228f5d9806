package dev.onekycbridge.app.e2e;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.service.Backoff;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real sandbox and a real bridge service on loopback, over a real database, with short timings, and a plain
 * HTTP client speaking the partner API. Each harness has its own database.
 */
public final class BridgeHarness implements AutoCloseable {
    static final Set<String> FINAL = Set.of("COMPLETED", "ERROR", "EXPIRED", "FAILED");
    static final WorkflowSettings FAST = WorkflowSettings.DEFAULT
            .withPollAfter(Duration.ofSeconds(2))
            .withPollBackoff(new Backoff(Duration.ofMillis(400), Duration.ofSeconds(1)))
            .withRetryBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
            .withParkBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
            .withLease(Duration.ofSeconds(5));

    final SandboxServer sandbox;
    final TestDatabase database;
    final Map<String, String> settings;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The temporary folders of the instances' uploads directories, deleted on close. */
    private final List<Path> uploadsFolders = new CopyOnWriteArrayList<>();
    RunningService service;

    private BridgeHarness(SandboxServer sandbox, TestDatabase database, Map<String, String> settings) {
        this.sandbox = sandbox;
        this.database = database;
        this.settings = settings;
    }

    static BridgeHarness start(TestDatabase database, Map<String, String> extra) {
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(100).withCompletionDelayMillis(100)));
        Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_DB_URL", database.url());
        settings.put("BRIDGE_DATA_KEY", database.dataKey());
        settings.put("BRIDGE_HTTP_PORT", "0");
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        BridgeHarness harness = new BridgeHarness(sandbox, database, settings);
        settings.put("BRIDGE_UPLOADS_DIR", harness.newUploadsDirectory());
        settings.putAll(extra);
        harness.startService();
        return harness;
    }

    BridgeConfig config() {
        return BridgeConfig.from(ConfigSource.of(settings));
    }

    void startService() {
        startService(UnaryOperator.identity());
    }

    /** Starts the service with a last change to its builder, e.g. a OneKYC client of the test's own. */
    void startService(UnaryOperator<dev.onekycbridge.app.OneKycBridge.Builder> customize) {
        service = RunningService.start(config(), sandbox, builder -> customize.apply(builder.workflowSettings(FAST)
                .idlePoll(Duration.ofMillis(100))));
    }

    /** A second instance on the same database, as another machine would run it. */
    RunningService startAnotherInstance(UnaryOperator<dev.onekycbridge.app.OneKycBridge.Builder> customize) {
        // Its own uploads directory, as each instance on a host needs: the first one's is taken.
        Map<String, String> another = new HashMap<>(settings);
        another.put("BRIDGE_UPLOADS_DIR", newUploadsDirectory());
        return RunningService.start(BridgeConfig.from(ConfigSource.of(another)), null, builder -> customize.apply(
                builder.workflowSettings(FAST).idlePoll(Duration.ofMillis(100))));
    }

    /**
     * A directory of an instance's own, not the shared default another test process may hold, in a temporary folder
     * deleted on close.
     */
    private String newUploadsDirectory() {
        try {
            Path folder = java.nio.file.Files.createTempDirectory("onekyc-e2e-");
            uploadsFolders.add(folder);
            return folder.resolve("uploads").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void stopService() {
        service.close();
        service = null;
    }

    String base() {
        return service.baseUrl();
    }

    // ---- partner API ----

    /** A valid registration of the sample user under this partner user id, as the partner API takes it. */
    public static JsonObject registrationDetails(String userId) {
        return new JsonObject()
                .put("partnerUserId", userId).put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE)
                .put("userDetails", new JsonObject().put("name", TestData.NAME).put("nik", TestData.NIK)
                        .put("dateOfBirth", TestData.DATE_OF_BIRTH).put("email", TestData.EMAIL)
                        .put("phoneNumber", TestData.PHONE)
                        .put("dataVerification", new JsonObject()
                                .put("email", new JsonObject().put("isVerified", true)
                                        .put("verificationReferenceId", "ev-1"))
                                .put("phoneNumber", new JsonObject().put("isVerified", true)
                                        .put("verificationReferenceId", "pv-1"))))
                .put("userLocale", "en_ID")
                .put("consentData", new JsonArray().add(new JsonObject().put("entity", "Digi")
                        .put("consentType", "termsAndConditions").put("consentGiven", true)
                        .put("details", new JsonObject().put("en_ID", new JsonObject()
                                .put("url", "https://partner.example/terms").put("text", "I agree")))
                        .put("timeStamp", Instant.now().minusSeconds(30).toEpochMilli())
                        .put("additionalDetails", new JsonObject().put("userAgent", "e2e-test")
                                .put("userIp", "203.0.113.9"))));
    }

    HttpResponse<String> register(String userId) {
        return postMultipart("/v1/certificate-registrations", registrationDetails(userId).encode(),
                Map.of("ktp", TestData.jpeg(24_000), "selfie", TestData.png(16_000)));
    }

    /** Starts an identity verification launched in the browser (WEB_SDK), the phone verified by the partner. */
    HttpResponse<String> startIdentityVerification(String partnerUserId) {
        return postJson("/v1/identity-verifications", new JsonObject()
                .put("partnerUserId", partnerUserId).put("partnerUserIdType", "CLIENT_X_USER_ID")
                .put("phoneNumber", "081234567890")
                .put("dataVerification", new JsonObject().put("phoneNumber",
                        new JsonObject().put("isVerified", true).put("verificationReferenceId", "otp-1")))
                .put("source", "WEB_SDK")
                .put("successRedirectionUrl", "https://partner.example/ok")
                .put("failureRedirectionUrl", "https://partner.example/fail").encode());
    }

    /** Registers a user and returns our submission id. */
    String registered(String userId) {
        HttpResponse<String> response = register(userId);
        if (response.statusCode() != 202) {
            throw new AssertionError("registration answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body()).getString("id");
    }

    HttpResponse<String> postMultipart(String path, String details, Map<String, byte[]> files) {
        String boundary = "b-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "details", null, "application/json", details.getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> part(body, boundary, name, name + (bytes[0] == (byte) 0xFF ? ".jpg" : ".png"),
                bytes[0] == (byte) 0xFF ? "image/jpeg" : "image/png", bytes));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName,
                             String type, byte[] bytes) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonObject submission(String id) {
        HttpResponse<String> response = get("/v1/submissions/" + id);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET submission answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    /** Waits until the submission satisfies the condition, and returns it. */
    JsonObject awaitSubmission(String id, Predicate<JsonObject> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = submission(id);
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("submission " + id + " did not get there in " + timeout + "; last: " + last);
    }

    JsonObject awaitFinal(String id) {
        return awaitSubmission(id, s -> FINAL.contains(s.getString("status")), Duration.ofSeconds(30));
    }

    /** The sandbox's record of one of its submissions, over its control API. */
    JsonObject sandboxSubmission(String platformId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/_sandbox/submissions/" + platformId)).GET());
        return new JsonObject(response.body());
    }

    JsonArray sandboxSubmissions() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/_sandbox/submissions")).GET());
        Object parsed = io.vertx.core.json.Json.decodeValue(response.body());
        return parsed instanceof JsonArray array ? array : ((JsonObject) parsed).getJsonArray("items",
                ((JsonObject) parsed).getJsonArray("submissions"));
    }

    /**
     * Writes the text on a socket of its own and returns what the service sends until it closes the connection; a
     * service that keeps it open makes the read time out (after 15 s), which fails the test.
     */
    String sentUntilClosed(String text) throws IOException {
        URI base = URI.create(base());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // Closed: what arrived before is the answer.
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
            sandbox.close();
            database.close();
        } finally {
            uploadsFolders.forEach(TestDatabase::deleteTemporaryFolder);
        }
    }
}
