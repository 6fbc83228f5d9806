package dev.onekycbridge.app.privacy;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.service.Backoff;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real sandbox and the real service on loopback over a real database, as the end-to-end tests run them, with
 * every secret set (API key, callback authorization, data key) so that each can be looked for. The service's
 * OneKYC client is the production one, built from the same configuration, with one interceptor added that keeps
 * the tokens it sends and the signatures of the presigned URLs it uploads to: those are among the values that
 * must never be logged or stored in plaintext.
 */
final class PrivacyHarness implements AutoCloseable {
    static final Set<String> FINAL = Set.of("COMPLETED", "ERROR", "EXPIRED", "FAILED");
    private static final WorkflowSettings FAST = WorkflowSettings.DEFAULT
            .withPollAfter(Duration.ofSeconds(2))
            .withPollBackoff(new Backoff(Duration.ofMillis(400), Duration.ofSeconds(1)))
            .withRetryBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
            .withParkBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
            .withLease(Duration.ofSeconds(5));

    final SandboxServer sandbox;
    final String databaseUrl;
    final String apiKey = "api-" + random(24);
    final String callbackAuth = "Bearer cb-" + random(24);
    final String dataKey;
    /** Every token the client sent in {@code x-onekyc-token}. */
    final Set<String> tokensSent = ConcurrentHashMap.newKeySet();
    /** The signature of every presigned URL the client uploaded to: whoever has one may write the object. */
    final Set<String> signaturesSent = ConcurrentHashMap.newKeySet();
    private final Map<String, String> settings;
    private final Path uploads;
    private final UploadsWatch uploadsWatch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OneKycClient client;
    RunningService service;

    private PrivacyHarness(String databaseUrl, String dataKey) {
        this.databaseUrl = databaseUrl;
        this.dataKey = dataKey;
        this.sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(100).withCompletionDelayMillis(100)));
        settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_DB_URL", databaseUrl);
        settings.put("BRIDGE_DATA_KEY", dataKey);
        settings.put("BRIDGE_HTTP_PORT", "0");
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        settings.put("BRIDGE_API_KEY", apiKey);
        settings.put("BRIDGE_CALLBACK_AUTH", callbackAuth);
        // Not the default one, which a service running on this machine may hold.
        try {
            uploads = Files.createTempDirectory("onekyc-privacy-uploads-");
            uploadsWatch = new UploadsWatch(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("BRIDGE_UPLOADS_DIR", uploads.toString());
    }

    /**
     * The service's uploads folder as it is now (BRIDGE_UPLOADS_DIR, this harness's own), for a check once the
     * service has stopped: {@link #close} deletes it.
     *
     * @param existed whether it was there
     * @param partsWritten how many files the service created in it since the harness started (each uploaded part
     *     of a multipart request is one, deleted once its request has ended)
     * @param filesLeft the files in it now, by name, but the service's lock file
     */
    record UploadsFolder(Path path, boolean existed, int partsWritten, Map<String, byte[]> filesLeft) {
    }

    UploadsFolder uploadsFolder() {
        Map<String, byte[]> left = new TreeMap<>();
        boolean existed = Files.isDirectory(uploads);
        if (existed) {
            try (var files = Files.walk(uploads)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!UploadsWatch.LOCK_FILE.equals(file.getFileName().toString())) {
                        left.put(uploads.relativize(file).toString(), Files.readAllBytes(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new UploadsFolder(uploads, existed, uploadsWatch.created(Duration.ofSeconds(10)), left);
    }

    /** Counts the files created in the uploads folder, but the lock file, as they come. */
    private static final class UploadsWatch implements AutoCloseable {
        /** The file a running service locks in its uploads folder (UploadsLock); never an uploaded part. */
        static final String LOCK_FILE = ".onekyc-bridge.lock";

        private final WatchService watcher;
        private final AtomicInteger created = new AtomicInteger();
        private volatile boolean overflowed;

        UploadsWatch(Path folder) throws IOException {
            watcher = folder.getFileSystem().newWatchService();
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Thread thread = new Thread(this::count, "privacy-uploads-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void count() {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            overflowed = true;
                        } else if (!LOCK_FILE.equals(String.valueOf(event.context()))) {
                            created.incrementAndGet();
                        }
                    }
                    if (!key.reset()) {
                        return;
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // Closed with the harness.
            }
        }

        /**
         * How many files were created, waiting up to {@code patience} for the first to be counted (events come a
         * moment after the files). Fails if events were lost: the count would say too little.
         */
        int created(Duration patience) {
            long deadline = System.nanoTime() + patience.toNanos();
            while (created.get() == 0 && !overflowed && System.nanoTime() < deadline) {
                sleep(20);
            }
            if (overflowed) {
                throw new AssertionError("the uploads folder's watch lost events: its count says too little");
            }
            return created.get();
        }

        @Override
        public void close() {
            try {
                watcher.close();
            } catch (IOException e) {
                // Nothing to do: the harness is going.
            }
        }
    }

    static PrivacyHarness start(String databaseUrl) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PrivacyHarness harness = new PrivacyHarness(databaseUrl, Base64.getEncoder().encodeToString(key));
        try {
            harness.startService();
        } catch (RuntimeException e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    private static String random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }

    BridgeConfig config() {
        return BridgeConfig.from(ConfigSource.of(settings));
    }

    void startService() {
        BridgeConfig config = config();
        client = OneKycClient.create(OneKycBridge.clientConfig(config, Clock.systemUTC()).withInterceptor(chain -> {
            String token = chain.request().header("x-onekyc-token");
            if (token != null) {
                tokensSent.add(token);
            }
            for (String parameter : List.of("signature", "X-Amz-Signature")) {
                String signature = chain.request().url().queryParameter(parameter);
                if (signature != null) {
                    signaturesSent.add(signature);
                }
            }
            return chain.proceed(chain.request());
        }));
        service = RunningService.start(config, sandbox, builder -> builder.workflowSettings(FAST)
                .idlePoll(Duration.ofMillis(100)).platform(client, client, client));
    }

    void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    String passKey() {
        return settings.get("ONEKYC_PASS_KEY");
    }

    // ---- the partner API and the callback receivers, over HTTP ----

    HttpResponse<String> postMultipart(String path, String details, Map<String, byte[]> files) {
        String boundary = "b-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "details", null, "application/json", details.getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> {
            boolean jpeg = bytes[0] == (byte) 0xFF;
            part(body, boundary, name, name + (jpeg ? ".jpg" : ".png"), jpeg ? "image/jpeg" : "image/png", bytes);
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(partner(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, String type,
                             byte[] bytes) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(partner(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) {
        return send(partner(path).GET());
    }

    HttpResponse<String> callback(String path, String body) {
        return callback(path, body, callbackAuth);
    }

    HttpResponse<String> callback(String path, String body, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder partner(String path) {
        return partner(path, apiKey);
    }

    HttpRequest.Builder partner(String path, String key) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Authorization", "Bearer " + key);
    }

    /**
     * Makes the database refuse (or take again) every write to the callback inbox, as a full disk would: a trigger
     * that fails the statement, as the store-failure tests do.
     */
    void refuseCallbackWrites(boolean refuse) {
        boolean sqlite = databaseUrl.startsWith("jdbc:sqlite:");
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             Statement statement = connection.createStatement()) {
            if (!sqlite && refuse) {
                statement.execute("CREATE OR REPLACE FUNCTION privacy_refuse_write() RETURNS trigger"
                        + " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'writes refused'; END $$");
            }
            for (String event : List.of("insert", "update")) {
                String trigger = "privacy_refuse_" + event;
                if (!refuse) {
                    statement.execute("drop trigger " + trigger + (sqlite ? "" : " on callback_inbox"));
                } else if (sqlite) {
                    statement.execute("create trigger " + trigger + " before " + event + " on callback_inbox"
                            + " begin select json('{'); end");
                } else {
                    statement.execute("create trigger " + trigger + " before " + event + " on callback_inbox"
                            + " for each row execute function privacy_refuse_write()");
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("could not " + (refuse ? "refuse" : "allow") + " callback writes: " + e, e);
        }
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

    /** The callbacks the sandbox sent, dropped or sent again for one of its submissions, over its control API. */
    List<JsonObject> sandboxCallbacks(String platformId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/_sandbox/submissions/" + platformId)).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("the sandbox answered " + response.statusCode() + " for " + platformId);
        }
        JsonArray callbacks = new JsonObject(response.body()).getJsonArray("callbacks");
        return callbacks.stream().map(JsonObject.class::cast).toList();
    }

    JsonObject submission(String id, boolean withKtpData) {
        HttpResponse<String> response = get("/v1/submissions/" + id + (withKtpData ? "?include=ktpData" : ""));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET submission answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    JsonObject await(String id, Predicate<JsonObject> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = submission(id, false);
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("submission " + id + " did not get there in " + timeout + "; last: "
                + (last == null ? null : last.getString("status")));
    }

    JsonObject awaitFinal(String id) {
        return await(id, s -> FINAL.contains(s.getString("status")), Duration.ofSeconds(40));
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
        stopService();
        sandbox.close();
        uploadsWatch.close();
        try (var files = Files.walk(uploads)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
