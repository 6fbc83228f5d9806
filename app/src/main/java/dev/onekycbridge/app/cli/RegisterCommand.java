package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.adapter.web.CertificateRegistrationDetails;
import dev.onekycbridge.adapter.web.IdempotencyKey;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.UploadProgress;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.app.config.IoReason;
import dev.onekycbridge.app.config.TextFile;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code register}: one certificate registration from files, in this process: validated, stored, uploaded with
 * a progress bar and confirmed, then (with {@code --wait}) followed to its result.
 */
public final class RegisterCommand implements Command {
    /** Exit codes that tell a script how a waited-for registration ended. */
    public static final int REJECTED = 4;
    public static final int NOT_COMPLETED = 5;
    /** How often the store is read for steps applied by another process. */
    private static final Duration STORE_LOOK = Duration.ofMillis(250);

    @Override
    public String name() {
        return "register";
    }

    @Override
    public String usage() {
        return "--details FILE.json --ktp FILE --selfie FILE [--wait] [--timeout PT15M] [--idempotency-key KEY]"
                + " [--sandbox [--database JDBC_URL]] [--config FILE]";
    }

    @Override
    public String summary() {
        return "Registers one user for a certificate from files, in this process: the details JSON is the partner"
                + " API's details part. Shows each step (and, on a terminal, an upload progress bar), and stops once"
                + " the platform has confirmed the submission; --wait follows it to its result (exit 0 VALID, 4"
                + " rejected, 5 error,"
                + " failed or expired). --sandbox runs against an embedded sandbox with a temporary database and"
                + " data key, whatever BRIDGE_DB_URL, BRIDGE_DATA_KEY and BRIDGE_CALLBACK_ALLOWED_IPS say;"
                + " --database keeps its results in the database named instead, under BRIDGE_DATA_KEY, and implies"
                + " --wait: the sandbox ends with the command.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) throws Exception {
        Path details = args.path("details").orElseThrow(() -> new UsageException("--details is required"));
        Path ktp = args.path("ktp").orElseThrow(() -> new UsageException("--ktp is required"));
        Path selfie = args.path("selfie").orElseThrow(() -> new UsageException("--selfie is required"));
        boolean withSandbox = args.flag("sandbox");
        Duration timeout = args.positiveDurationOption("timeout", Duration.ofMinutes(15));
        String key = args.option("idempotency-key").orElse(null);
        if (key != null && !IdempotencyKey.isValid(key)) {
            // The partner API's rule: a key it refuses must not be taken here, and is not repeated.
            throw new UsageException("--idempotency-key " + IdempotencyKey.RULE);
        }
        String sandboxDatabase = args.option("database").orElse(null);
        // The embedded sandbox ends with this command: a registration kept in a database of the operator's must
        // have its result by then, or it stays CONFIRMED there for good and holds the user's one active slot.
        boolean wait = args.flag("wait") || sandboxDatabase != null;
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        args.rejectUnknown();
        if (sandboxDatabase != null && !withSandbox) {
            throw new UsageException("--database is for --sandbox only; without it the registration goes to"
                    + " BRIDGE_DB_URL");
        }
        requireReadable("details", details);
        requireReadable("ktp", ktp);
        requireReadable("selfie", selfie);
        requireDetailsSize(details);
        String detailsJson;
        try {
            detailsJson = TextFile.read(details);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException("--details must be a UTF-8 JSON file; " + details + " is not text");
        }

        // Stopped by Ctrl-C at any point, the bridge finishes its steps in flight and releases its claims, and the
        // sandbox's temporary folder goes, as at a normal end.
        try (Teardown teardown = Teardown.onExit("register-stop")) {
            Path scratch = null;
            try {
                ConfigSource effective = source;
                SandboxServer sandbox = null;
                if (withSandbox) {
                    // A folder of this run's own: its uploads, and its database unless one is named.
                    scratch = Files.createTempDirectory("onekyc-register-");
                    Path folder = scratch;
                    teardown.add(() -> TemporaryFolder.delete(folder));
                    sandbox = teardown.add(SandboxServer.start(SandboxOptions.defaults()));
                    effective = sandboxed(source, sandbox, sandboxDatabase, scratch, out);
                }
                BridgeConfig config = BridgeConfig.from(effective);
                if (config.onboardingPartner(FlowType.CERT_REG) == null) {
                    throw new ConfigException(List.of(BridgeConfig.onboardingPartnerKey(FlowType.CERT_REG)
                            + " is required for a certificate registration"));
                }
                // The registration goes to the service's database, where the service and status follow it: one
                // created here, from another directory, would hold a registration the platform has and nobody sees;
                // one migrated here would change the schema under a service of the earlier build.
                PersistenceAdapter store = sandbox == null ? teardown.add(ExistingDatabase.open(config)) : null;
                ProgressPrinter steps = new ProgressPrinter(out);
                // Redrawn in place with carriage returns: for a terminal only. In a file or a pipe, where a script
                // reads the results, it would be noise.
                UploadProgress bar = System.console() != null ? new ProgressBar(out) : (kind, sent, total) -> { };
                OneKycBridge bridge;
                if (sandbox != null) {
                    // The sandbox calls back; a service in this process receives it. Its workers drive this
                    // registration alone: the database given with --database may hold others, which the sandbox
                    // must never see.
                    SandboxServer platform = sandbox;
                    bridge = teardown.start(() -> RunningService.startWithoutWorkers(config, platform,
                            b -> b.listener(steps).uploadProgress(bar))).bridge();
                } else {
                    // Beside the service, which drives every other submission and applies the callbacks: this
                    // process drives its own submission alone (see register), and leaves no lease on another's.
                    bridge = teardown.add(OneKycBridge.builder().config(config).persistence(store).listener(steps)
                            .uploadProgress(bar).build());
                }
                // Where it can be followed once this command has ended: not in a database that ends with it.
                // The status command reads BRIDGE_DB_URL: the database given with --database must be named there.
                String followUp = sandbox == null ? "See: onekyc-bridge status %s"
                        : sandboxDatabase != null ? "See: onekyc-bridge status %s, with BRIDGE_DB_URL set to the"
                        + " database given with --database"
                        : "The embedded sandbox and the temporary database end with this command; --wait follows a"
                        + " registration to its result.";
                boolean keptAfter = sandbox == null || sandboxDatabase != null;
                return register(bridge, sandbox != null, detailsJson, ktp, selfie, key, steps, wait, timeout, out,
                        err, followUp, keptAfter);
            } catch (Exception e) {
                if (teardown.ran()) {
                    // Stopped by a signal: what it started was closed under it (the store read by the wait, a
                    // service refused as it started), which is no failure. The process ends with the signal's code.
                    // The teardown deleted the folder while the service was starting; the service may have made its
                    // database there since.
                    TemporaryFolder.delete(scratch);
                    return dev.onekycbridge.app.Main.FAILED;
                }
                throw e;
            }
        }
    }

    /**
     * Starts the registration and follows it; the exit code. The bridge drives the started submission alone, and
     * applies the callbacks too when {@code receivesCallbacks} (its service takes the sandbox's). A submission
     * {@code keptAfter} this command (not in a temporary database) ends with where to find it again.
     */
    private static int register(OneKycBridge bridge, boolean receivesCallbacks, String detailsJson, Path ktp,
                                Path selfie, String key, ProgressPrinter steps, boolean wait, Duration timeout,
                                PrintStream out, PrintStream err, String followUpFormat, boolean keptAfter)
            throws InterruptedException {
        try {
            var command = CertificateRegistrationDetails.parse(detailsJson,
                    DocumentSource.ofFile(ktp), DocumentSource.ofFile(selfie), key);
            StartedSubmission started = bridge.certificateRegistrations().startCertificateRegistration(command);
            Submission submission = started.submission();
            bridge.startWorkersFor(submission.id(), receivesCallbacks);
            String followUp = followUpFormat.formatted(submission.id());
            out.println((started.replayed() ? "Already registered under this idempotency key: " : "Accepted: ")
                    + "submission " + submission.id());
            steps.watch(bridge.submissions().getSubmission(submission.id()).orElse(submission));
            Submission reached = follow(bridge, submission, steps, wait, timeout, out, followUp);
            if (reached == null) {
                err.println("Not there within " + timeout + "; the submission goes on. " + followUp);
                return NOT_COMPLETED;
            }
            out.println();
            SubmissionText.print(out, reached);
            if (keptAfter && reached.isFinal()) {
                out.println(followUp);
            }
            return exitCode(reached, wait);
        } catch (ValidationException e) {
            err.println("The registration is invalid:");
            for (FieldError error : CertificateRegistrationDetails.withWireNames(e).errors()) {
                err.println("  " + error.field() + ": " + error.message());
            }
            return dev.onekycbridge.app.Main.USAGE;
        } catch (SubmissionConflictException e) {
            err.println("Refused: " + e.getMessage() + (e.existing() == null ? "" : " (" + e.existing() + ")"));
            return dev.onekycbridge.app.Main.USAGE;
        }
    }

    /** Refuses a file that cannot be read, naming its option and why: missing, a folder, not permitted. */
    private static void requireReadable(String option, Path file) {
        // A folder opens: read, it failed later as 'IOException: Is a directory'.
        if (Files.isDirectory(file)) {
            throw new UsageException("--" + option + ": cannot read " + file + ": it is a folder, not a file");
        }
        try {
            Files.newByteChannel(file).close();
        } catch (java.io.IOException e) {
            throw new UsageException("--" + option + ": cannot read " + file + " (" + IoReason.of(e) + ")");
        }
    }

    /**
     * Refuses details the partner API would refuse (413) before reading them: a large file given by mistake would
     * otherwise be read whole into memory, and then reported as details that are not a JSON object.
     */
    private static void requireDetailsSize(Path details) {
        long size;
        try {
            size = Files.size(details);
        } catch (java.io.IOException e) {
            throw new UsageException("--details: cannot read " + details + " (" + IoReason.of(e) + ")");
        }
        if (size > WebConfig.MAX_FORM_TEXT_BYTES) {
            throw new UsageException("--details must be at most " + WebConfig.MAX_FORM_TEXT_BYTES + " bytes, as the"
                    + " partner API takes; " + details + " is " + size + " bytes");
        }
    }

    /**
     * The configuration against the embedded sandbox. Its results are not real, so they go to a temporary database
     * under a throw-away key, unless the operator names a database for them.
     */
    private static ConfigSource sandboxed(ConfigSource source, SandboxServer sandbox, String database, Path folder,
                                          PrintStream out) {
        Map<String, String> settings = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        settings.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        settings.put("BRIDGE_HTTP_PORT", "0");
        // Its own uploads directory: a service starting empties its directory of uploads left by a crash, and the
        // configured one may be a running service's.
        settings.put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
        // A load balancer's grace for a stopping service: this one serves nobody else, and would only make the
        // command wait at its end.
        settings.put("BRIDGE_SHUTDOWN_DELAY", "");
        if (database == null) {
            settings.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("onekyc-bridge.db"));
            settings.put("BRIDGE_DB_USER", "");
            settings.put("BRIDGE_DB_PASSWORD", "");
            settings.put("BRIDGE_DATA_KEY", DataKeys.random());
            settings.put("BRIDGE_PREVIOUS_DATA_KEYS", "");
            out.println("Using an embedded sandbox and a temporary database in " + folder + " (deleted at the end)");
        } else {
            settings.put("BRIDGE_DB_URL", database);
            out.println("Using an embedded sandbox; the results go to the database given with --database, and the"
                    + " registration is followed to its result (the sandbox ends with this command)");
        }
        return source.with(settings);
    }

    /**
     * Waits for the final status (with --wait) or for the platform's confirmation; null on timeout. It reads the
     * submission back from the store as well as hearing this process's steps: against a deployment the service
     * receives the callbacks, and what it applies reaches this process only through the database.
     */
    private static Submission follow(OneKycBridge bridge, Submission submission, ProgressPrinter steps, boolean wait,
                                     Duration timeout, PrintStream out, String followUp)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (steps.finished().isDone()) {
                return steps.finished().join().submission();
            }
            Submission current = bridge.submissions().getSubmission(submission.id()).orElseThrow();
            steps.update(current);
            if (current.isFinal()) {
                return current;
            }
            if (!wait && !current.status().isBefore(SubmissionStatus.CONFIRMED)) {
                out.println("The platform has the submission; its result arrives by callback at the service, or"
                        + " by polling. " + followUp);
                return current;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                // Woken at once by a final step in this process; else it looks at the store again.
                steps.finished().get(Math.min(left, STORE_LOOK.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Look again.
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static int exitCode(Submission submission, boolean waited) {
        if (!submission.isFinal()) {
            return waited ? NOT_COMPLETED : 0;
        }
        if (submission.status() != SubmissionStatus.COMPLETED) {
            return NOT_COMPLETED;
        }
        return submission.outcome().map(o -> o.result() != null && o.result().isValid()).orElse(false) ? 0 : REJECTED;
    }
}
