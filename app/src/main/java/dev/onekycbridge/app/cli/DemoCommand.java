package dev.onekycbridge.app.cli;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import dev.onekycbridge.sandbox.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code demo}: an embedded sandbox, a fresh SQLite file and the service; one registration of a sample user
 * through the partner API, each step shown as it happens, the callbacks arriving, and the final result.
 */
public final class DemoCommand implements Command {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return "[--port 0] [--scenario VALID] [--keep] [--timeout PT2M]";
    }

    @Override
    public String summary() {
        return "Shows a full certificate registration end to end, with no credentials: starts an embedded sandbox,"
                + " a fresh SQLite database and the service, registers a sample user with the sample KTP and selfie,"
                + " prints each step and the callbacks, then the result. --scenario picks a sandbox outcome (e.g."
                + " DUKCAPIL_REJECTED); --keep leaves everything running for exploring with curl.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) throws Exception {
        int port = args.intOption("port", 0);
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be a port number from 0 to 65535");
        }
        String scenario = args.option("scenario").orElse("VALID");
        if (Scenario.parse(scenario).isEmpty()) {
            // The sandbox plays its default for a name it does not know: a typo would show a VALID result.
            throw new UsageException("--scenario must be one of " + Arrays.toString(Scenario.values()));
        }
        boolean keep = args.flag("keep");
        Duration timeout = args.positiveDurationOption("timeout", Duration.ofMinutes(2));
        args.rejectUnknown();

        out.println("onekyc-bridge demo: one certificate registration against an embedded OneKYC sandbox");
        out.println();
        // Stopped by Ctrl-C at any point, the service stops and the folder goes as at a normal end.
        try (Teardown teardown = Teardown.onExit("demo-stop")) {
            Path folder = null;
            try {
                SandboxServer sandbox = teardown.add(SandboxServer.start(SandboxOptions.defaults()));
                step(out, 1, "OneKYC sandbox started", sandbox.baseUrl());
                folder = Files.createTempDirectory("onekyc-demo-");
                Path made = folder;
                teardown.add(() -> TemporaryFolder.delete(made));
                Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
                Path database = folder.resolve("onekyc-bridge.db");
                settings.put("BRIDGE_DB_URL", "jdbc:sqlite:" + database);
                settings.put("BRIDGE_DATA_KEY", DataKeys.random());
                settings.put("BRIDGE_HTTP_PORT", Integer.toString(port));
                settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
                settings.put("BRIDGE_POLL_AFTER", "PT20S");
                // Not the default uploads directory: a service starting empties its directory of uploads left by a
                // crash, and the default one may be a running service's.
                settings.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
                BridgeConfig config = BridgeConfig.from(ConfigSource.of(settings));
                step(out, 2, "fresh SQLite database", database + " (deleted at the end)");

                ProgressPrinter progress = new ProgressPrinter(out);
                RunningService service;
                try {
                    service = teardown.start(() -> RunningService.start(config, sandbox,
                            builder -> builder.listener(progress)));
                } catch (ConfigException e) {
                    if (e.getCause() instanceof java.net.BindException bind) {
                        // The demo sets BRIDGE_HTTP_PORT from --port: the user knows the option, not the setting.
                        throw new UsageException("cannot listen on 127.0.0.1:" + port + " (" + bind.getMessage()
                                + "); choose another --port");
                    }
                    throw e;
                }
                step(out, 3, "bridge service listening", service.baseUrl());
                return play(service, scenario, timeout, keep, progress, out, err);
            } catch (Exception e) {
                if (teardown.ran()) {
                    // Stopped by a signal: what it started was closed under it (a service refused as it started,
                    // or stopped while the registration ran), which is no failure. The process ends with the
                    // signal's code. The teardown deleted the folder while the service was starting; the service
                    // may have made its database there since.
                    TemporaryFolder.delete(folder);
                    return dev.onekycbridge.app.Main.FAILED;
                }
                throw e;
            }
        }
    }

    /**
     * Registers the sample user and follows the submission to its result; with --keep, waits for a signal. Why it
     * could not finish goes to {@code err}, as for every command.
     */
    private static int play(RunningService service, String scenario, Duration timeout, boolean keep,
                            ProgressPrinter progress, PrintStream out, PrintStream err) throws Exception {
        byte[] ktp = resource("/demo/ktp.jpg");
        byte[] selfie = resource("/demo/selfie.png");
        String userId = "demo-user-" + UUID.randomUUID().toString().substring(0, 8)
                + (scenario.equalsIgnoreCase("VALID") ? "" : "__" + scenario);
        step(out, 4, "registering the sample user " + userId, "ktp.jpg " + ktp.length / 1024 + " KB, selfie.png "
                + selfie.length / 1024 + " KB");
        HttpResponse<String> response = register(service.baseUrl(), userId, ktp, selfie);
        out.println("    POST /v1/certificate-registrations -> " + response.statusCode());
        if (response.statusCode() != 202) {
            err.println("the registration was not accepted: " + response.statusCode() + " " + response.body());
            return dev.onekycbridge.app.Main.FAILED;
        }
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            err.println("the registration's answer carries no submission id");
            return dev.onekycbridge.app.Main.FAILED;
        }
        SubmissionId submissionId = SubmissionId.parse(id.group(1));
        out.println("    submission " + submissionId + " accepted; the driver takes it from here:");
        progress.watch(service.bridge().submissions().getSubmission(submissionId).orElseThrow());
        SubmissionEvent done;
        try {
            done = progress.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Where it stopped tells a scenario that never ends (PARTIAL_ONLY) from a demo that is stuck.
            Submission reached = service.bridge().submissions().getSubmission(submissionId).orElseThrow();
            err.println("no final result within " + timeout + ": the submission is " + reached.status()
                    + reached.outcome().map(o -> " (" + o.verdict() + ")").orElse(""));
            return dev.onekycbridge.app.Main.FAILED;
        }
        out.println();
        summary(out, done.submission());
        out.println();
        explore(out, service.baseUrl(), submissionId, keep);
        if (keep) {
            // Until a signal: the teardown's hook, in place before the user was told how to stop, stops the
            // service and removes the folder, and the JVM ends once it has.
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static void step(PrintStream out, int number, String what, String detail) {
        out.printf(" %d. %-40s %s%n", number, what, detail);
    }

    private static void summary(PrintStream out, Submission submission) {
        out.println(" 5. result: " + submission.status()
                + submission.outcome().map(o -> o.result() == null ? "" : " / " + o.result()).orElse("")
                + submission.outcome().map(o -> o.reasonCode() == null ? "" : " / " + o.reasonCode()).orElse(""));
        submission.outcome().map(Outcome::verificationResult).ifPresent(v -> out.println(
                "    verification: nik " + v.nik() + ", name " + v.name() + ", date of birth " + v.dateOfBirth()
                        + ", selfie " + v.selfie()));
        // A rejected registration comes with no registration id: only the onboarding code.
        submission.outcome().map(Outcome::certificateRegistration).ifPresent(c -> out.println(
                "    certificate registration " + (c.registrationId() == null ? "none" : c.registrationId())
                        + (c.onboardingCode() == null ? "" : " (onboarding " + c.onboardingCode() + ")")));
        long callbacks = submission.history().stream()
                .filter(h -> h.source() == dev.onekycbridge.core.submission.TransitionSource.CALLBACK).count();
        out.println("    " + submission.history().size() + " history entries, " + callbacks + " from callbacks");
    }

    private static void explore(PrintStream out, String base, SubmissionId id, boolean keep) {
        // Without --keep this run's service and database are gone: the hint says how to keep them first.
        out.println(keep ? "Explore the running service (Ctrl-C stops it):"
                : "Explore it yourself: demo --keep leaves this service running with its submission; or start one"
                + " with java -jar app/target/onekyc-bridge.jar serve --sandbox, with BRIDGE_DATA_KEY set (openssl"
                + " rand -base64 32) and a database of its own"
                + " (BRIDGE_DB_URL=jdbc:sqlite:sandbox-data/onekyc-bridge.db), then for example:");
        String host = keep ? base : "http://localhost:8080";
        out.println("  curl -s " + host + "/v1/submissions/" + (keep ? id : "<id>"));
        out.println("  curl -s '" + host + "/v1/submissions?limit=5'");
        out.println("  curl -s " + host + "/health/ready");
        out.println("  curl -s " + host + "/metrics | grep onekyc_bridge_");
        out.println("  curl -s " + host + "/openapi.yaml");
    }

    private static HttpResponse<String> register(String base, String userId, byte[] ktp, byte[] selfie)
            throws IOException, InterruptedException {
        long consentAt = Instant.now().minusSeconds(60).toEpochMilli();
        String details = """
                {"partnerUserId": "%s", "partnerUserIdType": "DEMO_USER_ID",
                 "userDetails": {"name": "BUDI SANTOSO", "nik": "3174011708850003", "dateOfBirth": "17-08-1985",
                   "email": "budi.santoso@example.com", "phoneNumber": "081234567890",
                   "dataVerification": {"email": {"isVerified": true, "verificationReferenceId": "demo-email-1"},
                                        "phoneNumber": {"isVerified": true, "verificationReferenceId": "demo-otp-1"}}},
                 "userLocale": "id_ID",
                 "consentData": [{"entity": "Digi", "consentType": "termsAndConditions", "consentGiven": true,
                   "details": {"id_ID": {"url": "https://example.com/syarat", "text": "Saya setuju"},
                               "en_ID": {"url": "https://example.com/terms", "text": "I agree"}},
                   "timeStamp": %d,
                   "additionalDetails": {"userAgent": "onekyc-bridge-demo", "userIp": "127.0.0.1"}}],
                 "additionalData": {"source": "demo"}}
                """.formatted(userId, consentAt);
        Multipart form = new Multipart().text("details", "application/json", details)
                .file("ktp", "ktp.jpg", "image/jpeg", ktp).file("selfie", "selfie.png", "image/png", selfie);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/certificate-registrations"))
                .header("Content-Type", form.contentType())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(form.publisher()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the jar lacks " + name);
            }
            return in.readAllBytes();
        }
    }
}
