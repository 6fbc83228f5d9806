package dev.onekycbridge.app.fuzz;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.app.e2e.BridgeHarness;
import dev.onekycbridge.app.fuzz.KeptAliveConnection.Answer;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The service as production wires it, from a configuration: the OneKYC client and its message decoder, the SQLite
 * store and the web server, pointed at a real sandbox on loopback, with the callback authorization set. It runs
 * no workers: the test applies the stored callbacks itself, between requests, so that what a request changed can
 * be told apart from what applying changed. The test reads the database on a connection of its own.
 */
final class FuzzedService implements AutoCloseable {
    static final String USER_ID_TYPE = "CLIENT_X_USER_ID";

    private final SandboxServer sandbox;
    private final RunningService service;
    private final String callbackAuth;
    private final KeptAliveConnection platform;
    private final Path folder;
    private final Connection database;

    private FuzzedService(SandboxServer sandbox, Path folder, String callbackAuth) {
        this.sandbox = sandbox;
        this.folder = folder;
        this.callbackAuth = callbackAuth;
        Path file = folder.resolve("bridge.db");
        Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_DB_URL", "jdbc:sqlite:" + file);
        settings.put("BRIDGE_DATA_KEY", randomKey());
        settings.put("BRIDGE_HTTP_PORT", "0");
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        settings.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
        settings.put("BRIDGE_CALLBACK_AUTH", callbackAuth);
        // The bridge as the configuration builds it: the production client, decoder and store, default timings.
        this.service = RunningService.startWithoutWorkers(BridgeConfig.from(ConfigSource.of(settings)), null,
                builder -> builder);
        this.platform = new KeptAliveConnection(service.port());
        try {
            database = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement pragma = database.createStatement()) {
                pragma.execute("PRAGMA query_only = true");
                pragma.execute("PRAGMA busy_timeout = 10000");
            }
        } catch (SQLException e) {
            service.close();
            throw new IllegalStateException("cannot read the service's database", e);
        }
    }

    static FuzzedService start() {
        // The sandbox sends no callbacks (none configured): every callback the service gets is the test's.
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(100).withCompletionDelayMillis(100)));
        try {
            return new FuzzedService(sandbox, Files.createTempDirectory("onekyc-callback-fuzz-"),
                    "Bearer cb-" + UUID.randomUUID());
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    // ---- the submissions the callbacks are aimed at ----

    /** A submission the service holds, with the ids a callback names it by. */
    record Target(String id, String platformId, String session, String user) {
    }

    /** A certificate registration taken through the partner API and driven until the platform has confirmed it. */
    Target confirmedRegistration(String user) {
        Answer answer = send("POST", "/v1/certificate-registrations", multipart(
                BridgeHarness.registrationDetails(user).encode(),
                Map.of("ktp", TestData.jpeg(24_000), "selfie", TestData.png(16_000))));
        return confirmed(answer, user);
    }

    /** A KTP scan taken through the partner API and driven until the platform has confirmed it. */
    Target confirmedKtpScan(String user) {
        Answer answer = send("POST", "/v1/ktp-scans", multipart(new JsonObject().put("partnerUserId", user)
                .put("partnerUserIdType", USER_ID_TYPE).encode(), Map.of("ktp", TestData.jpeg(20_000))));
        return confirmed(answer, user);
    }

    /** An identity verification launched for the browser, which the platform names by its id only in the result. */
    Target launchedIdentityVerification(String user) {
        Answer answer = send("POST", "/v1/identity-verifications", "application/json", new JsonObject()
                .put("partnerUserId", user).put("partnerUserIdType", USER_ID_TYPE).put("phoneNumber", "081234567890")
                .put("dataVerification", new JsonObject().put("phoneNumber",
                        new JsonObject().put("isVerified", true).put("verificationReferenceId", "otp-1")))
                .put("source", "WEB_SDK").put("successRedirectionUrl", "https://partner.example/ok")
                .put("failureRedirectionUrl", "https://partner.example/fail").encode()
                .getBytes(StandardCharsets.UTF_8));
        if (answer.status() != 201) {
            throw new AssertionError("the identity verification was not launched: " + answer);
        }
        String id = new JsonObject(answer.body()).getString("id");
        return new Target(id, null, column(id, "partner_session_id"), user);
    }

    private Target confirmed(Answer answer, String user) {
        if (answer.status() != 202) {
            throw new AssertionError("the request was not accepted: " + answer);
        }
        String id = new JsonObject(answer.body()).getString("id");
        for (int round = 0; round < 50 && !"CONFIRMED".equals(column(id, "status")); round++) {
            service.bridge().driver().advanceDueSubmissions(10);
        }
        if (!"CONFIRMED".equals(column(id, "status"))) {
            throw new AssertionError("submission " + id + " stopped at " + column(id, "status"));
        }
        return new Target(id, column(id, "platform_submission_id"), column(id, "partner_session_id"), user);
    }

    private record Multipart(String contentType, byte[] body) {
    }

    private Answer send(String method, String path, Multipart form) {
        return send(method, path, form.contentType(), form.body());
    }

    private static Multipart multipart(String details, Map<String, byte[]> images) {
        String boundary = "fuzz-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"details\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + details + "\r\n").getBytes(StandardCharsets.UTF_8));
        images.forEach((name, bytes) -> {
            boolean jpeg = bytes[0] == (byte) 0xFF;
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"" + name + (jpeg ? ".jpg" : ".png") + "\"\r\nContent-Type: "
                    + (jpeg ? "image/jpeg" : "image/png") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    // ---- the callback worker's work, and requests ----

    /** Applies up to {@code limit} due callbacks, as the service's callback worker does; returns how many. */
    int processDueCallbacks(int limit) {
        return service.bridge().callbackWorker().processDueCallbacks(limit);
    }

    /** A callback with the agreed authorization, on the platform's kept-alive connection. */
    Answer callback(String method, String path, String contentType, byte[] body) {
        return platform.send(method, path, contentType, body, List.of("Authorization: " + callbackAuth));
    }

    /** A request of the partner's, on a connection of its own. */
    private Answer send(String method, String path, String contentType, byte[] body) {
        try (KeptAliveConnection partner = new KeptAliveConnection(service.port())) {
            return partner.send(method, path, contentType, body, List.of());
        }
    }

    // ---- the database, read as it is ----

    /** A submission's row: what a refused callback must not change, and what a final result must keep. */
    record Row(String status, long version, String outcomeStatus, String result, String reasonCode,
               String leaseOwner) {
        boolean isFinal() {
            return List.of("COMPLETED", "ERROR", "EXPIRED", "FAILED").contains(status);
        }

        /**
         * Whether this row still holds the result {@code earlier} held: the same status and verdict; a reason code
         * may only have been added where there was none (a later report of the same verdict enriches it).
         */
        boolean keepsTheResultOf(Row earlier) {
            return status.equals(earlier.status) && Objects.equals(outcomeStatus, earlier.outcomeStatus)
                    && Objects.equals(result, earlier.result)
                    && (earlier.reasonCode == null || earlier.reasonCode.equals(reasonCode));
        }
    }

    /**
     * Every submission, by id. The outcome is the one the store reads back, not its plain columns: those hold a
     * value that is no code as a mark that it was withheld, which would hide one such value replaced by another.
     */
    Map<String, Row> submissions() {
        Map<String, Row> all = query("SELECT id, status, version, lease_owner FROM submissions ORDER BY id",
                List.of(), rows -> {
                    Map<String, Row> read = new LinkedHashMap<>();
                    while (rows.next()) {
                        read.put(rows.getString(1), new Row(rows.getString(2), rows.getLong(3), null, null, null,
                                rows.getString(4)));
                    }
                    return read;
                });
        all.replaceAll((id, row) -> {
            Optional<Outcome> outcome = service.bridge().submissions().getSubmission(SubmissionId.parse(id))
                    .orElseThrow().outcome();
            return new Row(row.status(), row.version(), outcome.map(o -> o.status().raw()).orElse(null),
                    outcome.map(Outcome::result).map(Result::raw).orElse(null),
                    outcome.map(Outcome::reasonCode).map(ReasonCode::raw).orElse(null), row.leaseOwner());
        });
        return all;
    }

    private String column(String id, String column) {
        return query("SELECT " + column + " FROM submissions WHERE id = ?", List.of(id),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    /** An inbox entry, as far as the test looks at it. */
    record Entry(long id, String state, String lastError) {
    }

    /** The entries after {@code afterId}, in order. */
    List<Entry> entriesAfter(long afterId) {
        return entries("id > ?", List.of(afterId));
    }

    String entryState(long id) {
        return query("SELECT state FROM callback_inbox WHERE id = ?", List.of(id), rows -> rows.next()
                ? rows.getString(1) : null);
    }

    /**
     * What a request must not change in the entries stored before it: which of them wait to be applied and until
     * when, and which are settled (every entry is one or the other while no purge erases bodies). Read from the
     * inbox's two partial indexes alone: a row's state and times are stored after its body, which can be a
     * megabyte, and the inbox keeps every entry.
     */
    record EarlierEntries(String waiting, String settled) {
    }

    EarlierEntries earlierEntries(long upToId) {
        return new EarlierEntries(
                // Epoch nanoseconds would overflow a sum: a prime modulus keeps every change of a time.
                aggregate("SELECT COUNT(*), SUM(id), SUM(next_attempt_at % 1000000007) FROM callback_inbox INDEXED BY"
                        + " callback_inbox_due WHERE state IN ('PENDING', 'PARKED') AND id <= ?", upToId),
                aggregate("SELECT COUNT(*), SUM(id), 0 FROM callback_inbox INDEXED BY callback_inbox_erasable WHERE"
                        + " body_erased_at IS NULL AND state IN ('APPLIED', 'REJECTED', 'UNMATCHED') AND id <= ?",
                        upToId));
    }

    private String aggregate(String sql, long upToId) {
        return query(sql, List.of(upToId), rows -> rows.next()
                ? rows.getLong(1) + " (ids summing to " + rows.getLong(2) + ", times to " + rows.getLong(3) + ")" : "");
    }

    long lastEntryId() {
        return query("SELECT COALESCE(MAX(id), 0) FROM callback_inbox", List.of(), rows -> rows.next()
                ? rows.getLong(1) : 0L);
    }

    /** Entries still leased: a worker took them and neither applied, parked nor gave them up. */
    List<Entry> leasedEntries() {
        return entries("lease_until IS NOT NULL", List.of());
    }

    /** Entries parked because applying them threw, which the callback service catches and logs. */
    List<Entry> entriesFailedToApply() {
        return entries("last_error LIKE 'applying failed%'", List.of());
    }

    private List<Entry> entries(String condition, List<Object> parameters) {
        return query("SELECT id, state, last_error FROM callback_inbox WHERE " + condition + " ORDER BY id",
                parameters, rows -> {
                    List<Entry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3)));
                    }
                    return entries;
                });
    }

    Map<String, Long> entriesByState() {
        return query("SELECT state, COUNT(*) FROM callback_inbox GROUP BY state ORDER BY state", List.of(), rows -> {
            Map<String, Long> states = new LinkedHashMap<>();
            while (rows.next()) {
                states.put(rows.getString(1), rows.getLong(2));
            }
            return states;
        });
    }

    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, List<Object> parameters, Reader<T> reader) {
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the service's database failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        platform.close();
        try {
            database.close();
        } catch (SQLException e) {
            // a read-only connection: nothing is lost
        }
        service.close();
        sandbox.close();
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
