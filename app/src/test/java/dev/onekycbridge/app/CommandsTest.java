package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.Faults;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store and workflow commands, run as a user runs them, on one SQLite file. */
class CommandsTest {
    @TempDir
    Path folder;

    private final CommandLine cli = new CommandLine();

    private Map<String, String> environment() {
        return Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"),
                "BRIDGE_DATA_KEY", KEY);
    }

    private static final String KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    private int run(String... argv) {
        return runWith(environment(), argv);
    }

    private int runWith(Map<String, String> environment, String... argv) {
        return cli.run(environment, argv);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    private String database() {
        return environment().get("BRIDGE_DB_URL");
    }

    private Path details(String userId) throws Exception {
        return RegistrationDetailsFile.write(folder, userId);
    }

    /** A sample KTP photo, as the register command reads it from a file. */
    private Path ktp() throws Exception {
        return Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(40_000));
    }

    /** A sample selfie, as the register command reads it from a file. */
    private Path selfie() throws Exception {
        return Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
    }

    @Test
    void dbMigrateCreatesTheSchemaOnceAndThenFindsItUpToDate() {
        assertThat(run("db", "migrate")).isZero();
        assertThat(out()).contains("SQLite").contains("schema version 0 ->");

        assertThat(run("db", "migrate")).isZero();
        assertThat(out()).contains("already up to date");
    }

    /** As at the service's start: a wrong key leaves the schema where the earlier release can still open it. */
    @Test
    void dbMigrateWithAWrongDataKeyStopsBeforeTheSchemaChangesNamingTheKeySetting() throws Exception {
        Path file = folder.resolve("bridge.db");
        assertThat(run("db", "migrate")).isZero();
        long schemaRows = count(file, "select count(*) from schema_version");
        execute(file, "delete from schema_version where version = (select max(version) from schema_version)");
        Map<String, String> otherKey = Map.of("BRIDGE_DB_URL", database(), "BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));

        assertThat(runWith(otherKey, "db", "migrate")).isEqualTo(Main.USAGE);

        assertThat(err()).contains("cannot start", "- BRIDGE_DATA_KEY / BRIDGE_PREVIOUS_DATA_KEYS: the data key does"
                + " not match").doesNotContain(otherKey.get("BRIDGE_DATA_KEY"), KEY);
        assertThat(count(file, "select count(*) from schema_version")).isEqualTo(schemaRows - 1);
    }

    @Test
    void statusShowsTheLeaseHeldOnASubmissionWithItsOwnerAndUntilWhen() {
        assertThat(run("db", "migrate")).isZero();
        Submission leased;
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            Instant now = Instant.now();
            leased = store.submissionStore().insert(TestData.newCertificateRegistration(now));
            store.dueSubmissions().claimDue(now, java.time.Duration.ofMinutes(10), 1, "4242@bridge-0-1a2b3c4d#c");
        }

        assertThat(run("status", leased.id().toString())).isZero();

        assertThat(out()).containsPattern("\nlease        held by 4242@bridge-0-1a2b3c4d#c until 20\\d\\d-");
    }

    @Test
    void registerWaitsForTheResultAndStatusAndReconcileReadItBack() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();

        int code = run("register", "--sandbox", "--database", database(), "--wait", "--timeout", "PT60S",
                "--details", details("cli-user").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out()).isZero();
        assertThat(out()).contains("documents uploaded", "CONFIRMED -> PARTIALLY_COMPLETED", "COMPLETED/VALID")
                .doesNotContain(TestData.NIK, TestData.EMAIL, TestData.NAME);
        // Its output is no terminal: the progress bar, redrawn in place, would only be noise in it.
        assertThat(out()).doesNotContain("uploading", "\r");
        Matcher id = Pattern.compile("submission ([0-9a-f-]{36})").matcher(out());
        assertThat(id.find()).isTrue();
        String submission = id.group(1);

        assertThat(run("status", submission)).isZero();
        assertThat(out()).contains("status       COMPLETED", "history").doesNotContain(TestData.NIK);

        assertThat(run("status", "--partner-user-id", "cli-user")).isZero();
        assertThat(out()).contains(submission, "COMPLETED/VALID");

        assertThat(run("purge", "--older-than", "PT0.001S")).isZero();
        assertThat(out()).contains("1 submission(s) purged");
    }

    @Test
    void statusListsEveryOneOfAPartnerUsersSubmissionsBeyondOnePage() {
        Instant at = Instant.now().minusSeconds(3600);
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            for (int i = 0; i < SubmissionQuery.MAX_LIMIT + 5; i++) {
                Submission created = store.submissionStore().insert(TestData.newCertificateRegistration(
                        TestData.partnerUser("cli-many"), at.plusSeconds(i)));
                store.submissionStore().save(created.fail(new Failure("400", "rejected"), TransitionSource.DRIVER,
                        at.plusSeconds(i)));
            }
        }

        assertThat(run("status", "--partner-user-id", "cli-many")).isZero();

        assertThat(out().lines().filter(line -> line.contains("FAILED")).distinct())
                .hasSize(SubmissionQuery.MAX_LIMIT + 5);
    }

    /** The database given with --database may hold other submissions: the sandbox must never see one. */
    @Test
    void registerWithTheSandboxAndADatabaseDrivesItsOwnRegistrationAlone() throws Exception {
        Submission other;
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            other = store.submissionStore().insert(TestData.newCertificateRegistration(
                    TestData.partnerUser("cli-other"), Instant.now().minusSeconds(60)));
        }

        int code = run("register", "--sandbox", "--database", database(), "--details", details("cli-own").toString(),
                "--ktp", ktp().toString(), "--selfie", selfie().toString());

        assertThat(code).as(out()).isZero();
        assertThat(out()).contains("COMPLETED/VALID");
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            Submission after = store.submissionStore().findById(other.id()).orElseThrow();
            assertThat(after.status()).isEqualTo(SubmissionStatus.CREATED);
            assertThat(after.history()).isEqualTo(other.history());
        }
    }

    @Test
    void registerWithTheSandboxKeepsItsResultsOutOfTheConfiguredDatabase() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        assertThat(run("db", "migrate")).isZero();

        int code = run("register", "--sandbox", "--details", details("cli-sandboxed").toString(), "--ktp",
                ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out()).isZero();
        String printed = out();
        assertThat(run("status", "--partner-user-id", "cli-sandboxed")).as("found in BRIDGE_DB_URL").isEqualTo(1);
        assertThat(printed).contains("temporary database");
    }

    /** The delay is a load balancer's grace for a stopping service; the sandboxed register serves nobody. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void registerWithTheSandboxEndsWithoutWaitingOutTheServicesShutdownDelay() throws Exception {
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("BRIDGE_SHUTDOWN_DELAY", "PT10M");

        int code = runWith(environment, "register", "--sandbox", "--wait", "--details",
                details("cli-no-delay").toString(), "--ktp", ktp().toString(), "--selfie", selfie().toString());

        assertThat(code).as(out()).isZero();
        assertThat(out()).contains("VALID");
    }

    @Test
    void registerWithTheSandboxAndADatabaseFollowsItToItsResultAndSaysStatusNeedsThatDatabase() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        String results = "jdbc:sqlite:" + folder.resolve("sandbox-results.db");

        int code = run("register", "--sandbox", "--database", results, "--details",
                details("cli-elsewhere").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out()).isZero();
        Matcher hint = Pattern.compile("See: onekyc-bridge status ([0-9a-f-]{36}), with BRIDGE_DB_URL set to the"
                + " database given with --database").matcher(out());
        assertThat(hint.find()).as(out()).isTrue();
        Map<String, String> withThatDatabase = new HashMap<>(environment());
        withThatDatabase.put("BRIDGE_DB_URL", results);
        assertThat(runWith(withThatDatabase, "status", hint.group(1))).isZero();
        assertThat(out()).as("finished before the sandbox ended, without --wait")
                .contains("status       COMPLETED");
    }

    @Test
    void aDatabaseForTheSandboxsResultsIsOnlyTakenWithTheSandbox() throws Exception {
        Path ktp = ktp();

        int code = run("register", "--database", database(), "--details", details("cli-x").toString(), "--ktp",
                ktp.toString(), "--selfie", ktp.toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--database is for --sandbox only");
    }

    @Test
    void registerInADeploymentWithoutCertificateRegistrationsNamesTheMissingKey() throws Exception {
        Path ktp = ktp();
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(Map.of("ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL",
                "http://127.0.0.1:9", "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_CLIENT_ID", "c",
                "ONEKYC_PASS_KEY", "p", "ONEKYC_COE_ONBOARDING_PARTNER", "X-SDK-KTP_SCAN"));

        int code = runWith(environment, "register", "--details", details("cli-y").toString(), "--ktp",
                ktp.toString(), "--selfie", ktp.toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("ONEKYC_ONBOARDING_PARTNER is required for a certificate registration");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void failEndsASubmissionThatWillNotFinishWithTheOperatorsReasonOnceAndOnlyOnce() {
        assertThat(run("db", "migrate")).isZero();
        String id;
        try (dev.onekycbridge.adapter.persistence.PersistenceAdapter store =
                     dev.onekycbridge.adapter.persistence.PersistenceAdapter.open(OneKycBridge.databaseConfig(
                             dev.onekycbridge.app.config.BridgeConfig.storeOnly(
                                     dev.onekycbridge.app.config.ConfigSource.of(environment()))))) {
            id = store.submissionStore().insert(dev.onekycbridge.core.testing.TestData.newCertificateRegistration(
                    java.time.Instant.now())).id().toString();
        }

        assertThat(run("fail", id)).isEqualTo(Main.USAGE);
        assertThat(err()).contains("fail needs --reason");
        assertThat(run("fail", id, "--reason", " ")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("reason: is required");

        assertThat(run("fail", id, "--reason", "the platform lost it; ticket OPS-42")).as(err()).isZero();
        assertThat(out()).contains("status       FAILED", "OPERATOR the platform lost it; ticket OPS-42");

        assertThat(run("fail", id, "--reason", "again")).isEqualTo(Main.FAILED);
        assertThat(err()).contains("submission " + id + " is not failed: the submission is FAILED already");
        assertThat(run("fail", UUID.randomUUID().toString(), "--reason", "x")).isEqualTo(Main.FAILED);
        assertThat(err()).contains("no submission");
    }

    @Test
    void purgeRefusesARetentionOfZeroOrLessWhichWouldEraseEveryFinalSubmissionAtOnce() {
        for (String retention : List.of("-P30D", "PT0S")) {
            assertThat(run("purge", "--older-than", retention)).as(retention).isEqualTo(Main.USAGE);
            assertThat(err()).contains("--older-than must be a positive ISO-8601 duration");
        }
        assertThat(run("db", "migrate")).isZero();
        assertThat(run("purge", "--older-than", "P30D")).isZero();
    }

    /** The command line reads periods as the configuration does: in weeks too, and no longer than can be counted. */
    @Test
    void durationOptionsTakeWeeksAndRefuseAPeriodTooLongToCountBeforeAnythingIsSent() {
        assertThat(run("db", "migrate")).isZero();
        assertThat(run("purge", "--older-than", "P2W")).as(err()).isZero();
        assertThat(out()).contains("(older than P14D)");

        assertThat(run("purge", "--older-than", "P365000D")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--older-than must be a positive ISO-8601 duration of weeks, days, hours, minutes"
                + " or seconds", "at most P106751D");
        assertThat(run("register", "--sandbox", "--wait", "--timeout", "P365000D", "--details", "d.json", "--ktp",
                "k.jpg", "--selfie", "s.png")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--timeout must be a positive ISO-8601 duration", "at most P106751D");
    }

    @Test
    void purgeNamesThePeriodAsItIsWritten() {
        assertThat(run("db", "migrate")).isZero();

        assertThat(run("purge")).isZero();
        assertThat(out()).contains("(older than P30D)");
        assertThat(run("purge", "--older-than", "PT36H")).isZero();
        assertThat(out()).contains("(older than PT36H)");
    }

    @Test
    void theCommandsOnTheServicesDataRefuseADatabaseThatIsNotThereRatherThanCreateAnEmptyOne() {
        Path missing = folder.resolve("elsewhere").resolve("onekyc-bridge.db");
        Map<String, String> environment = platform("jdbc:sqlite:" + missing);
        for (List<String> command : List.of(List.of("status", "--partner-user-id", "user-42"), List.of("purge"),
                List.of("db", "reencrypt"), List.of("db", "vacuum"), List.of("reconcile", "--all"))) {
            String line = String.join(" ", command);
            assertThat(runWith(environment, command.toArray(String[]::new))).as(line).isEqualTo(Main.USAGE);
            assertThat(err()).as(line).contains("cannot start", "BRIDGE_DB_URL: no database at " + missing);
        }
        assertThat(missing.getParent()).doesNotExist();

        // The default URL is relative: the message says where it looked.
        String relative = "target/no-database-" + java.util.UUID.randomUUID() + "/onekyc-bridge.db";
        assertThat(runWith(platform("jdbc:sqlite:" + relative), "db", "reencrypt")).isEqualTo(Main.USAGE);
        assertThat(err()).contains(Path.of(relative).toAbsolutePath().toString(), "relative to the working directory");
        assertThat(Path.of(relative).getParent()).doesNotExist();

        // db migrate is how a database comes to be; then the others find it.
        assertThat(runWith(environment, "db", "migrate")).isZero();
        assertThat(runWith(environment, "db", "reencrypt")).isZero();
    }

    /** A registration kept in a database nobody follows would reach the platform all the same. */
    @Test
    void registerRefusesADatabaseThatIsNotThereBeforeItCallsThePlatform() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        Path missing = folder.resolve("elsewhere").resolve("onekyc-bridge.db");

        int code = runWith(platform("jdbc:sqlite:" + missing), "register", "--timeout", "PT3S", "--details",
                details("cli-nowhere").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out() + err()).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_DB_URL: no database at " + missing);
        assertThat(out()).doesNotContain("Accepted");
        assertThat(missing.getParent()).doesNotExist();
    }

    /**
     * Only {@code db migrate} and the service's start change the schema: a command run by a newer build beside a
     * running service of the earlier one must leave it as it is.
     */
    @Test
    void theCommandsOnTheServicesDataLeaveTheSchemaAsTheyFindItAndSayWhatToRun() throws Exception {
        Path file = folder.resolve("service.db");
        Map<String, String> environment = platform("jdbc:sqlite:" + file);
        List<List<String>> commands = List.of(List.of("status", "--partner-user-id", "user-42"), List.of("purge"),
                List.of("db", "reencrypt"), List.of("db", "vacuum"), List.of("reconcile", "--all"),
                List.of("register", "--timeout", "PT3S", "--details", details("cli-schema").toString(), "--ktp",
                        ktp().toString(), "--selfie", selfie().toString()),
                List.of("fail", UUID.randomUUID().toString(), "--reason", "lost"));
        Files.createFile(file);
        for (List<String> command : commands) {
            String line = String.join(" ", command);
            assertThat(runWith(environment, command.toArray(String[]::new))).as(line).isEqualTo(Main.USAGE);
            assertThat(err()).as(line).contains("BRIDGE_DB_URL: the database has no schema yet: run `db migrate`");
            assertThat(file).as(line).isEmptyFile();
            assertThat(Path.of(file + ".images")).as(line).doesNotExist();
        }
        assertThat(count(file, "select count(*) from sqlite_master")).isZero();

        assertThat(runWith(environment, "db", "migrate")).isZero();
        long schemaRows = count(file, "select count(*) from schema_version");
        execute(file, "delete from schema_version where version = (select max(version) from schema_version)");
        for (List<String> command : commands) {
            String line = String.join(" ", command);
            assertThat(runWith(environment, command.toArray(String[]::new))).as(line).isEqualTo(Main.USAGE);
            assertThat(err()).as(line).containsPattern("BRIDGE_DB_URL: the database's schema is at version (\\d+),"
                    + " older than this build's \\d+: run `db migrate` first");
        }
        assertThat(count(file, "select count(*) from schema_version")).isEqualTo(schemaRows - 1);

        execute(file, "insert into schema_version (version, description, script, checksum, installed_at) "
                + "values (999, 'from the future', 'V999__future.sql', 'x', 0)");
        for (List<String> command : commands) {
            String line = String.join(" ", command);
            assertThat(runWith(environment, command.toArray(String[]::new))).as(line).isEqualTo(Main.USAGE);
            assertThat(err()).as(line).containsPattern("BRIDGE_DB_URL: the database's schema is at version 999,"
                    + " newer than this build's \\d+: use the build the service runs");
        }
    }

    /** A newer build's schema is a setting to correct (the database or the build), as status says it is. */
    @Test
    void dbMigrateAndServeRefuseASchemaNewerThanThisBuildsNamingTheDatabaseSetting() throws Exception {
        Path file = folder.resolve("service.db");
        Map<String, String> environment = new HashMap<>(platform("jdbc:sqlite:" + file));
        environment.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        environment.put("BRIDGE_HTTP_PORT", "0");
        assertThat(runWith(environment, "db", "migrate")).isZero();
        execute(file, "insert into schema_version (version, description, script, checksum, installed_at) "
                + "values (999, 'from the future', 'V999__future.sql', 'x', 0)");

        for (List<String> command : List.of(List.of("db", "migrate"), List.of("serve"))) {
            String line = String.join(" ", command);
            assertThat(runWith(environment, command.toArray(String[]::new))).as(line).isEqualTo(Main.USAGE);
            assertThat(err()).as(line).contains("cannot start").containsPattern("- BRIDGE_DB_URL: the database"
                    + " schema is at version 999, newer than this build's \\d+: run a newer build");
        }
    }

    private static long count(Path sqlite, String sql) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(Path sqlite, String sql) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A configuration complete enough for the commands that call the platform, which is not reachable. */
    private static Map<String, String> platform(String databaseUrl) {
        return Map.of("BRIDGE_DB_URL", databaseUrl, "BRIDGE_DATA_KEY", KEY,
                "ONEKYC_API_BASE_URL", "http://127.0.0.1:9", "ONEKYC_AUTH_BASE_URL", "http://127.0.0.1:9",
                "ONEKYC_COE_AUTH_BASE_URL", "http://127.0.0.1:9", "ONEKYC_CLIENT_ID", "c",
                "ONEKYC_PASS_KEY", "p", "ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG");
    }

    @Test
    void reconcileAllGoesOnPastAFailingSubmissionAndEndsWithASummaryAndAFailureExitCode() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        assertThat(run("db", "migrate")).isZero();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            List<String> ids = registered(environment, ktp, selfie, "cli-r1__NO_CALLBACK", "cli-r2__NO_CALLBACK");
            sandbox.control().updateConfig(config -> config.withFaults(Faults.none().withErrorRate(1.0, 400)));

            int code = runWith(environment, "reconcile", "--all");

            assertThat(code).as(out() + err()).isEqualTo(1);
            assertThat(err()).contains(ids.get(0) + "  CONFIRMED", ids.get(1) + "  CONFIRMED")
                    .contains("failed: the platform ").doesNotContain("Exception")
                    .doesNotContain(TestData.NIK, TestData.NAME, TestData.EMAIL, "cli-r1", "cli-r2");
            assertThat(out()).isEqualTo("0 reconciled, 0 changed, 2 failed" + System.lineSeparator());
        }
    }

    /** Registers each user with {@code register} (no --wait) and gives their submissions' ids in order. */
    private List<String> registered(Map<String, String> environment, Path ktp, Path selfie, String... users)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            assertThat(runWith(environment, "register", "--details", details(user).toString(), "--ktp",
                    ktp.toString(), "--selfie", selfie.toString())).as(out()).isZero();
            Matcher id = Pattern.compile("submission ([0-9a-f-]{36})").matcher(out());
            assertThat(id.find()).isTrue();
            ids.add(id.group(1));
        }
        return ids;
    }

    /**
     * Before, --all polled INITIATED submissions too and, under the service's traffic, ended 1 for a submission
     * the service was working on: a false alarm for a cron job watching the exit code.
     */
    @Test
    void reconcileAllTakesTheConfirmedOnesAndPassesOverThoseTheServiceIsWorkingOnWithoutAFailureExitCode()
            throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        assertThat(run("db", "migrate")).isZero();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            List<String> ids = registered(environment, ktp, selfie, "cli-a1__NO_CALLBACK", "cli-a2__NO_CALLBACK");
            Submission initiated;
            try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                    environment())))) {
                Instant now = Instant.now();
                // A step of the service holds the second one; the third is still being uploaded.
                assertThat(store.dueSubmissions().claimIfFree(dev.onekycbridge.core.submission.SubmissionId.parse(
                        ids.get(1)), now, java.time.Duration.ofMinutes(10), "service-step")).isPresent();
                Submission created = store.submissionStore().insert(TestData.newKtpScan(
                        TestData.partnerUser("cli-a3"), now));
                initiated = store.submissionStore().save(created.initiate("platform-3", List.of(new UploadTarget(
                        DocumentKind.KTP, "ktp-3", java.net.URI.create("https://storage.example/ktp"),
                        now.plusSeconds(3600))), now));
            }

            int code = runWith(environment, "reconcile", "--all");

            assertThat(code).as(out() + err()).isZero();
            assertThat(out()).contains(ids.get(0) + "  CONFIRMED", ids.get(1) + "  CONFIRMED            passed over:"
                    + " being worked on by the service").doesNotContain(initiated.id().toString())
                    .endsWith("1 reconciled, 1 changed, 1 passed over (being worked on by the service)"
                            + System.lineSeparator());
            assertThat(err()).isEmpty();

            assertThat(runWith(environment, "reconcile", ids.get(1))).as("asked for by id").isEqualTo(Main.FAILED);
            assertThat(err()).contains(ids.get(1) + "  CONFIRMED            not reconciled: being worked on by the"
                    + " service, run reconcile again");
        }
    }

    /** Its result comes by callback or by polling from the launch on: a lost callback leaves it INITIATED. */
    @Test
    void reconcileAllPollsTheIdentityVerificationsThePlatformHasLaunched() throws Exception {
        assertThat(run("db", "migrate")).isZero();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            String launched;
            try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                    environment)));
                 OneKycBridge bridge = OneKycBridge.builder().config(BridgeConfig.from(ConfigSource.of(environment)))
                         .persistence(store).build()) {
                Submission started = bridge.identityVerifications().startIdentityVerification(
                        new StartIdentityVerification("cli-siv__NO_CALLBACK", TestData.PARTNER_USER_ID_TYPE, null,
                                "081234567890", new DataVerificationForm(null, new VerificationForm(true, "pv-1")),
                                "SDK", null, null, null, null)).submission();
                assertThat(started.status()).isEqualTo(SubmissionStatus.INITIATED);
                assertThat(started.launch()).isPresent();
                launched = started.id().toString();
            }

            assertThat(runWith(environment, "reconcile", "--all")).as(out() + err()).isZero();
            assertThat(out()).as("listed while it waits for its result").contains(launched + "  INITIATED");
            // The sandbox finishes the user's journey and the verification within a second or so; on the way the
            // submission may pass through CONFIRMED and PARTIALLY_COMPLETED, which --all polls too.
            StringBuilder seen = new StringBuilder(out());
            Pattern completed = Pattern.compile(launched + "  [A-Z_]+ +-> COMPLETED");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!completed.matcher(seen).find() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                assertThat(runWith(environment, "reconcile", "--all")).as(out() + err()).isZero();
                seen.append(out());
            }
            assertThat(seen.toString()).containsPattern(completed);
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void reconcileOfAKtpScanInADeploymentWithoutKtpScansNamesTheMissingSetting() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            environment.remove("ONEKYC_COE_ONBOARDING_PARTNER");
            environment.remove("ONEKYC_SIV_ONBOARDING_PARTNER");
            assertThat(runWith(environment, "db", "migrate")).isZero();
            Submission scan;
            try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                    environment())))) {
                Instant now = Instant.now();
                Submission created = store.submissionStore().insert(TestData.newKtpScan(
                        TestData.partnerUser("cli-scan"), now));
                scan = store.submissionStore().save(created.initiate("platform-1", List.of(new UploadTarget(
                        DocumentKind.KTP, "ktp-1", java.net.URI.create("https://storage.example/ktp"),
                        now.plusSeconds(3600))), now));
            }

            int code = runWith(environment, "reconcile", scan.id().toString());

            assertThat(code).as(out() + err()).isEqualTo(Main.FAILED);
            assertThat(err()).contains(scan.id() + "  INITIATED", "failed: KTP_SCAN is not configured in this"
                    + " deployment: ONEKYC_COE_ONBOARDING_PARTNER is not set").doesNotContain("Exception", "cli-scan");
        }
    }

    /**
     * Before, register ran the whole driver beside the service: it held leases on other partners' submissions,
     * and a register killed left them stranded until their leases ran out.
     */
    @Test
    void registerDrivesItsOwnSubmissionAloneAndLeavesAnotherUsersDueSubmissionUntouched() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            assertThat(runWith(environment, "db", "migrate")).isZero();
            Submission other;
            try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                    environment())))) {
                other = store.submissionStore().insert(TestData.newCertificateRegistration(Instant.now()));
            }

            int code = runWith(environment, "register", "--details", details("cli-own").toString(), "--ktp",
                    ktp.toString(), "--selfie", selfie.toString());

            assertThat(code).as(out() + err()).isZero();
            assertThat(out()).contains("CONFIRMED");
            Path file = folder.resolve("bridge.db");
            assertThat(count(file, "select count(*) from submissions where id = '" + other.id() + "' and status"
                    + " = 'CREATED' and version = " + other.version() + " and lease_owner is null"))
                    .as("not claimed, not stepped").isEqualTo(1);
        }
    }

    @Test
    void registerWaitingBesideARunningServiceFollowsTheResultTheServiceReceives() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(environment());
            environment.putAll(SandboxProfile.settingsFor(sandbox));
            Map<String, String> service = new HashMap<>(environment);
            service.putAll(Map.of("BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0", "BRIDGE_UPLOADS_DIR",
                    folder.resolve("uploads").toString()));
            // The deployment: the service, on the same database, receives the sandbox's callbacks.
            try (RunningService running = RunningService.start(BridgeConfig.from(ConfigSource.of(service)), sandbox,
                    java.util.function.UnaryOperator.identity())) {

                int code = runWith(environment, "register", "--wait", "--timeout", "PT30S", "--details",
                        details("cli-served").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

                assertThat(code).as(out() + err()).isZero();
                assertThat(out()).contains("[callback]  PARTIALLY_COMPLETED -> COMPLETED", "status       COMPLETED");
            }
        }
    }

    @Test
    void registerWithTheSandboxHearsItsCallbacksWhateverTheDeploymentsAllowListSays() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();
        Map<String, String> deployment = new HashMap<>(environment());
        deployment.put("BRIDGE_CALLBACK_ALLOWED_IPS", "203.0.113.0/24");
        deployment.put("BRIDGE_TRUSTED_PROXIES", "198.51.100.7");

        int code = runWith(deployment, "register", "--sandbox", "--wait", "--timeout", "PT30S", "--details",
                details("cli-allow").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("[callback]  CONFIRMED -> PARTIALLY_COMPLETED");
    }

    @Test
    void aRejectedRegistrationEndsWithTheRejectedExitCode() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();

        int code = run("register", "--sandbox", "--wait", "--timeout", "PT60S", "--details",
                details("cli-user__NOT_EKTP").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out()).isEqualTo(4);
        assertThat(out()).contains("COMPLETED/INVALID/NOT_EKTP");
    }

    @Test
    void aRegistrationThatEndsInErrorOrHasNoResultWithinTheTimeoutEndsWithTheNotCompletedExitCode()
            throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();

        int error = run("register", "--sandbox", "--wait", "--timeout", "PT60S", "--details",
                details("cli-user__SYSTEM_ERROR").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());
        String errorOut = out();
        int late = run("register", "--sandbox", "--wait", "--timeout", "PT3S", "--details",
                details("cli-user__PARTIAL_ONLY").toString(), "--ktp", ktp.toString(), "--selfie", selfie.toString());

        assertThat(error).as(errorOut).isEqualTo(5);
        assertThat(errorOut).contains("status       ERROR");
        assertThat(late).as(out()).isEqualTo(5);
        assertThat(err()).contains("Not there within PT3S");
    }

    @Test
    void registerWithTheSandboxLeavesNoDatabaseOrImagesBehindAndPointsNowhereItCannotBeFollowed()
            throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();

        int code = run("register", "--sandbox", "--details", details("cli-scratch").toString(), "--ktp",
                ktp.toString(), "--selfie", selfie.toString());

        assertThat(code).as(out()).isZero();
        Matcher scratch = Pattern.compile("temporary database in (\\S+)").matcher(out());
        assertThat(scratch.find()).as(out()).isTrue();
        assertThat(Path.of(scratch.group(1))).doesNotExist();
        // Its database is gone with its throw-away key: status could not find the submission.
        assertThat(out()).doesNotContain("onekyc-bridge status").contains("--wait follows");
    }

    @Test
    void anInvalidRegistrationListsEveryProblemAndStoresNothing() throws Exception {
        Path details = Files.writeString(folder.resolve("bad.json"), """
                {"partnerUserId": "cli-bad", "partnerUserIdType": "CLIENT_X_USER_ID",
                 "userDetails": {"name": "X1", "nik": "123", "dateOfBirth": "1990-05-15"},
                 "userLocale": "fr_FR", "consentData": []}
                """);
        Path text = Files.writeString(folder.resolve("ktp.jpg"), "not an image at all ".repeat(100));
        assertThat(run("db", "migrate")).isZero();

        // Into this test's database, where what it stored could be seen: without --database it went to a
        // temporary one, deleted at the end, and "stores nothing" was never checked.
        int code = run("register", "--sandbox", "--database", database(), "--details", details.toString(), "--ktp",
                text.toString(), "--selfie", text.toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("The registration is invalid:", "userDetails.nik", "userDetails.dateOfBirth",
                "userLocale", "consentData", "ktp:", "selfie:").doesNotContain("1990-05-15");
        assertThat(out()).doesNotContain("invalid", "userDetails").contains("the database given with --database");
        Path file = folder.resolve("bridge.db");
        assertThat(count(file, "select count(*) from submissions")).isZero();
        assertThat(count(file, "select count(*) from staged_documents")).isZero();
        assertThat(count(file, "select count(*) from staged_document_chunks")).isZero();
        Path images = folder.resolve("bridge.db.images");
        if (Files.exists(images)) {
            try (var staged = Files.walk(images)) {
                assertThat(staged.filter(Files::isRegularFile)).as("images staged beside the database").isEmpty();
            }
        }
        assertThat(run("status", "--partner-user-id", "cli-bad")).isEqualTo(1);
    }

    /** Notepad and other editors write a byte-order mark first: it was read as part of the JSON. */
    @Test
    void detailsSavedWithAByteOrderMarkAreRead() throws Exception {
        Path details = details("cli-bom");
        Files.writeString(details, "\uFEFF" + Files.readString(details));

        int code = run("register", "--sandbox", "--details", details.toString(), "--ktp", ktp().toString(),
                "--selfie", selfie().toString());

        assertThat(code).as(err()).isZero();
        assertThat(err()).doesNotContain("details:");
    }

    @Test
    void detailsThatAreNotTextAreAUsageErrorNamingTheOptionBeforeAnythingStarts() throws Exception {
        Path ktp = ktp();
        Path selfie = selfie();

        // The image given as --details by mistake.
        int code = run("register", "--sandbox", "--details", ktp.toString(), "--ktp", ktp.toString(), "--selfie",
                selfie.toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--details must be a UTF-8 JSON file", "usage: onekyc-bridge register");
        assertThat(out()).doesNotContain("sandbox");
    }

    @Test
    void detailsLargerThanThePartnerApiTakesAreAUsageErrorSayingSoBeforeAnythingStarts() throws Exception {
        Path details = details("cli-large");
        String json = Files.readString(details);
        // Valid details, padded past the limit: the API answers 413 to them.
        Files.writeString(details, json.substring(0, json.lastIndexOf('}')) + ", \"additionalData\": {\"padding\": \""
                + "x".repeat((int) WebConfig.MAX_FORM_TEXT_BYTES) + "\"}}");

        int code = run("register", "--sandbox", "--details", details.toString(), "--ktp", ktp().toString(),
                "--selfie", selfie().toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--details must be at most " + WebConfig.MAX_FORM_TEXT_BYTES + " bytes",
                "usage: onekyc-bridge register");
        assertThat(out()).doesNotContain("sandbox");
    }

    @Test
    void anIdempotencyKeyThePartnerApiWouldRefuseIsAUsageErrorNamingTheOptionWithoutRepeatingIt() throws Exception {
        Path details = details("cli-key");
        Path ktp = ktp();
        Path selfie = selfie();

        for (String key : List.of("reg\tkey-\u00fc", "k".repeat(256))) {
            int code = run("register", "--sandbox", "--idempotency-key", key, "--details", details.toString(),
                    "--ktp", ktp.toString(), "--selfie", selfie.toString());

            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err()).contains("--idempotency-key must be 1 to 255 visible ASCII characters")
                    .doesNotContain(key);
            assertThat(out()).doesNotContain("sandbox");
        }
    }

    @Test
    void reconcileOfAnUnknownSubmissionSaysSoAndEndsWithTheFailureExitCode() {
        Map<String, String> environment = platform("jdbc:sqlite:" + folder.resolve("r.db"));
        assertThat(runWith(environment, "db", "migrate")).isZero();

        int code = runWith(environment, "reconcile", "00000000-0000-0000-0000-000000000000");

        assertThat(code).isEqualTo(1);
        assertThat(err()).isEqualTo("00000000-0000-0000-0000-000000000000  not found" + System.lineSeparator());
        assertThat(out()).isEqualTo("0 reconciled, 0 changed, 1 not found" + System.lineSeparator());
    }

    /** An id that is not one is a mistyped command line: nothing is done, and no database is needed to say so. */
    @Test
    void reconcileGivenAWordThatIsNoSubmissionIdIsAUsageErrorBeforeAnyWork() {
        Path missing = folder.resolve("elsewhere").resolve("onekyc-bridge.db");

        int code = runWith(platform("jdbc:sqlite:" + missing), "reconcile", "00000000-0000-0000-0000-000000000000",
                "not-a-uuid");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("a submission id is a UUID", "nothing was reconciled",
                "usage: onekyc-bridge reconcile").doesNotContain("not-a-uuid", "no database");
        assertThat(out()).isEmpty();
    }

    @Test
    void statusGivenAWordThatIsNoSubmissionIdIsAUsageErrorBeforeTheDatabaseIsLookedFor() {
        Path missing = folder.resolve("elsewhere").resolve("onekyc-bridge.db");

        int code = runWith(platform("jdbc:sqlite:" + missing), "status", "7f3e12");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("a submission id is a UUID").doesNotContain("no database");
        assertThat(out()).isEmpty();
    }

    @Test
    void statusOfNothingFoundSaysSoOnStandardErrorAndPrintsNothingAScriptWouldReadAsARow() {
        assertThat(run("db", "migrate")).isZero();

        assertThat(run("status", "00000000-0000-0000-0000-000000000000")).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("no submission 00000000-0000-0000-0000-000000000000");

        assertThat(run("status", "--partner-user-id", "nobody")).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("no submissions for that partner user");
    }

    @Test
    void statusGivenNeitherOrBothAnIdAndAPartnerUserSaysWhichItTakes() {
        assertThat(run("status")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("status needs a submission id or --partner-user-id");

        assertThat(run("status", "00000000-0000-0000-0000-000000000000", "--partner-user-id", "user-42"))
                .isEqualTo(Main.USAGE);
        assertThat(err()).contains("status takes a submission id or --partner-user-id, not both");
    }
}
