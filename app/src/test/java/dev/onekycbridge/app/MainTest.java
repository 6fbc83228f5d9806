package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.cli.Args;
import dev.onekycbridge.app.cli.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final CommandLine cli = new CommandLine();

    private int run(Map<String, String> environment, String... argv) {
        return cli.run(environment, argv);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test
    void helpListsEveryCommandWithWhatItDoes() {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(out()).contains("serve", "demo", "sandbox", "register", "status", "reconcile", "db migrate",
                "purge", "Runs the bridge service", "BRIDGE_DATA_KEY");
        assertThat(out()).contains("exit codes: 0 done; 1 failed while running", "2 the command line",
                "register also 4 (rejected) and 5", "no result within --timeout");
    }

    @Test
    void noCommandAtAllIsAUsageErrorWithTheHelpOnStandardError() {
        assertThat(run(Map.of())).isEqualTo(Main.USAGE);

        assertThat(out()).isEmpty();
        assertThat(err()).contains("usage: java -jar onekyc-bridge.jar <command>", "serve", "db migrate");
    }

    @Test
    void eachCommandExplainsItselfWithHelp() {
        assertThat(run(Map.of(), "db", "migrate", "--help")).isZero();

        assertThat(out()).contains("usage: onekyc-bridge db migrate").contains("schema");
    }

    @Test
    void theSandboxsHelpNamesTheAddressItWritesIntoItsUrls() {
        assertThat(run(Map.of(), "sandbox", "--help")).isZero();

        assertThat(out()).contains("usage: onekyc-bridge sandbox", "--public-base-url URL");
    }

    @Test
    void eachCommandExplainsItselfWithTheShortHelpFlagToo() {
        for (String[] argv : List.of(new String[] {"status", "-h"}, new String[] {"serve", "-h"},
                new String[] {"db", "migrate", "-h"})) {
            assertThat(run(Map.of(), argv)).as(String.join(" ", argv)).isZero();
            assertThat(out()).startsWith("usage: onekyc-bridge " + String.join(" ", argv).replace(" -h", ""));
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void aHelpFlagWhereAnOptionsValueWasDueIsAUsageErrorNamingTheOptionNotTheHelp() {
        Map<String, List<String>> cases = Map.of(
                "--details", List.of("register", "--details", "-h"),
                "--ktp", List.of("register", "--ktp", "--help", "--details", "d.json"),
                "--partner-user-id", List.of("status", "--partner-user-id", "-h"),
                "--older-than", List.of("purge", "--older-than", "-h"),
                "--port", List.of("sandbox", "--port", "--help"),
                "--config", List.of("db", "migrate", "--config", "-h"));
        cases.forEach((option, argv) -> {
            assertThat(run(Map.of(), argv.toArray(String[]::new))).as(String.join(" ", argv)).isEqualTo(Main.USAGE);
            assertThat(err()).as(String.join(" ", argv)).contains(option + " needs a value", "usage: onekyc-bridge");
            assertThat(out()).as(String.join(" ", argv)).isEmpty();
        });
    }

    @Test
    void anEmptyValueIsRefusedRatherThanTakenForAUserIdOrAFile() {
        assertThat(run(Map.of(), "status", "--partner-user-id=")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--partner-user-id needs a value");

        assertThat(run(Map.of(), "purge", "--config=")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--config needs a value");
    }

    @Test
    void helpStandingAfterAnOptionsValueIsStillHelp() {
        assertThat(run(Map.of(), "register", "--details", "d.json", "-h")).isZero();
        assertThat(out()).startsWith("usage: onekyc-bridge register");

        assertThat(run(Map.of(), "register", "--help=yes")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--help takes no value");
    }

    @Test
    void anOptionGivenTwiceIsRefusedRatherThanTheLastOneTaken() {
        // The second --ktp (the selfie, by a slip of the shell history) must not be registered as the KTP.
        assertThat(run(Map.of(), "register", "--details", "d.json", "--ktp", "k.jpg", "--selfie", "s.png",
                "--ktp=s.png")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--ktp is given twice", "usage: onekyc-bridge register");

        assertThat(run(Map.of(), "purge", "--config", "a.properties", "--config", "b.properties"))
                .isEqualTo(Main.USAGE);
        assertThat(err()).contains("--config is given twice");
    }

    @Test
    void aFlagGivenAValueIsRefusedRatherThanLeftOff() {
        // register --sandbox=true must not register against the configured platform and database.
        assertThat(run(Map.of(), "register", "--sandbox=true", "--details", "d.json", "--ktp", "k.jpg", "--selfie",
                "s.png")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--sandbox takes no value");
    }

    @Test
    void aTimeoutOfZeroOrLessIsRefusedInsteadOfGivingUpAtOnce() {
        assertThat(run(Map.of(), "demo", "--timeout", "PT0S")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--timeout must be a positive ISO-8601 duration");

        assertThat(run(Map.of(), "register", "--timeout", "-PT1M", "--details", "d.json", "--ktp", "k.jpg",
                "--selfie", "s.png")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--timeout must be a positive ISO-8601 duration");
    }

    @Test
    void theFirstWordOfATwoWordCommandListsTheCommandsItStarts() {
        assertThat(run(Map.of(), "db", "--help")).isZero();
        assertThat(out()).contains("usage: onekyc-bridge db migrate", "usage: onekyc-bridge db reencrypt");

        assertThat(run(Map.of(), "db")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("'db' is not a command; db has:", "usage: onekyc-bridge db migrate");

        assertThat(run(Map.of(), "db", "migrat")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("'db migrat' is not a command", "usage: onekyc-bridge db reencrypt");
    }

    /** The value of --callback-auth is a secret: a mistyped command or a value left unquoted must not print it. */
    @Test
    void aCommandLineErrorRepeatsNoWordThatMayBeASecret() {
        assertThat(run(Map.of(), "sandbx", "--callback-auth", "Bearer CBAUTHSECRET777")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("unknown command 'sandbx'").doesNotContain("CBAUTHSECRET777");

        assertThat(run(Map.of(), "db", "CBAUTHSECRET777", "--config", "x")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("'db …' is not a command").doesNotContain("CBAUTHSECRET777");

        assertThat(run(Map.of(), "sandbox", "--esign-callback", "http://127.0.0.1:1/callbacks/esign",
                "--callback-auth", "Bearer", "CBAUTHSECRET777")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("unexpected argument", "needs quotes").doesNotContain("CBAUTHSECRET777");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(Main.USAGE);

        assertThat(err()).contains("unknown command 'frobnicate'");
    }

    /** An option before the command is a habit of other tools: say where it goes, and repeat none of it. */
    @Test
    void anOptionBeforeTheCommandIsAUsageErrorSayingOptionsGoAfterIt() {
        assertThat(run(Map.of(), "--config", "CBAUTHSECRET777.properties", "status", "x")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("options go after the command", "onekyc-bridge <command> [options]")
                .doesNotContain("unknown command", "CBAUTHSECRET777", "--config");
        assertThat(out()).isEmpty();

        // Run from the classes, not the jar, there is no version to print.
        assertThat(run(Map.of(), "--version")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("options go after the command").doesNotContain("unknown command");
    }

    @Test
    void anUnknownOptionIsRefusedRatherThanIgnored() {
        assertThat(run(Map.of(), "status", "--colour", "red", "x")).isEqualTo(Main.USAGE);

        assertThat(err()).contains("unknown option --colour");
    }

    @Test
    void aWordWhereAFlagWasMeantIsRefusedRatherThanIgnored() {
        // "serve sandbox" must not start a service against the configured platform instead of the sandbox.
        assertThat(run(Map.of(), "serve", "sandbox")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("unexpected argument 'sandbox': the flag is written --sandbox",
                "usage: onekyc-bridge serve");

        assertThat(run(Map.of(), "demo", "keep")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("unexpected argument 'keep'");

        assertThat(run(Map.of(), "status", "00000000-0000-0000-0000-000000000001",
                "00000000-0000-0000-0000-000000000002")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("status takes one submission id");
    }

    @Test
    void theLogLevelComesFromTheConfigFileUnlessTheEnvironmentSetsIt(@TempDir Path folder) throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("bridge.properties"), "BRIDGE_LOG_LEVEL=warn\n");

        assertThat(Main.logLevel(List.of("serve", "--config", file.toString()), Map.of())).isEqualTo("WARN");
        assertThat(Main.logLevel(List.of("serve", "--config=" + file), Map.of())).isEqualTo("WARN");
        assertThat(Main.logLevel(List.of("serve", "--config", file.toString()), Map.of("BRIDGE_LOG_LEVEL", "DEBUG")))
                .isEqualTo("DEBUG");
        assertThat(Main.logLevel(List.of("serve"), Map.of())).isEqualTo("INFO");
        assertThat(Main.logLevel(List.of("register", "--sandbox"), Map.of())).isEqualTo("WARN");
        // Not a level: INFO, not the logging library's DEBUG; the configuration check names the key.
        assertThat(Main.logLevel(List.of("serve"), Map.of("BRIDGE_LOG_LEVEL", "WARNING"))).isEqualTo("INFO");
    }

    @Test
    void aConfigFileWithWhatPropertiesWouldTakeForAMalformedEscapeStillGivesItsLogLevel(@TempDir Path folder)
            throws Exception {
        // Read as properties, the backslash before u12z (a malformed escape) failed the read with an exception.
        Path file = Files.writeString(folder.resolve("bridge.env"), "ONEKYC_PASS_KEY=x\\u12z\nBRIDGE_LOG_LEVEL=warn\n");

        assertThat(Main.logLevel(List.of("serve", "--config", file.toString()), Map.of())).isEqualTo("WARN");
    }

    @Test
    void aConfigFileLineThatCannotBeReadIsAConfigurationErrorNamingTheLine(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("bridge.env"), "BRIDGE_LOG_LEVEL=warn\n=hunter2secret\n");

        assertThat(Main.logLevel(List.of("db", "migrate", "--config", file.toString()), Map.of())).isEqualTo("INFO");
        assertThat(run(Map.of(), "db", "migrate", "--config", file.toString())).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "--config: line 2 of " + file).doesNotContain("hunter2");
    }

    @Test
    void serveOnAPortInUseSaysWhichSettingMovesIt(@TempDir Path folder) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = run(serving(folder.resolve("bridge.db"), "BRIDGE_UPLOADS_DIR", folder.resolve("up").toString(),
                    "BRIDGE_HTTP_PORT", Integer.toString(taken.getLocalPort()), "BRIDGE_CALLBACK_AUTH",
                    "Bearer agreed"), "serve");

            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err()).contains("cannot start", "BRIDGE_HTTP_PORT: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort());
            assertThat(folder.resolve("bridge.db")).as("not opened, so not migrated under what listens there")
                    .doesNotExist();
        }
    }

    @Test
    void serveOnAHostNameThatNamesNoAddressSaysWhichSettingToCorrect(@TempDir Path folder) {
        // .invalid never resolves (RFC 2606).
        int code = run(serving(folder.resolve("bridge.db"), "BRIDGE_UPLOADS_DIR", folder.resolve("up").toString(),
                "BRIDGE_HTTP_HOST", "bridge.invalid", "BRIDGE_CALLBACK_AUTH", "Bearer agreed"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_HTTP_HOST: cannot listen on bridge.invalid (no address of"
                + " that name)").doesNotContain("Exception");
        assertThat(folder.resolve("bridge.db")).as("refused before the store is opened and migrated").doesNotExist();
    }

    @Test
    void serveWithAnUploadsDirectoryThatIsNoDirectorySaysWhichSettingToCorrect(@TempDir Path folder)
            throws Exception {
        Path notADirectory = Files.writeString(folder.resolve("uploads"), "a file");
        int code = run(serving(folder.resolve("bridge.db"), "BRIDGE_UPLOADS_DIR", notADirectory.toString(),
                "BRIDGE_CALLBACK_ALLOWED_IPS", "0.0.0.0/0,::/0"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_UPLOADS_DIR: the uploads directory " + notADirectory
                + " cannot hold images: it is not a directory").doesNotContain("Exception");
    }

    @Test
    void serveWithAnUploadsDirectoryThatCannotBeCreatedSaysWhy(@TempDir Path folder) {
        // A folder nobody may create anything in, root included.
        Path file = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(file), "Linux's /proc");
        int code = run(serving(folder.resolve("bridge.db"), "BRIDGE_UPLOADS_DIR", file.resolve("up").toString(),
                "BRIDGE_CALLBACK_AUTH", "Bearer agreed"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("BRIDGE_UPLOADS_DIR: the uploads directory " + file.resolve("up")
                + " cannot be created: ").doesNotContain("Exception");
    }

    @Test
    @Timeout(30) // a sandbox that starts anyway runs until stopped
    void theSandboxOnAHostNameThatNamesNoAddressSaysWhichOptionToCorrect() {
        int code = run(Map.of(), "sandbox", "--port", "0", "--host", "sandbox.invalid");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot listen on sandbox.invalid (no address of that name); choose another --host",
                "usage: onekyc-bridge sandbox").doesNotContain("Exception");
    }

    @Test
    @Timeout(30) // a sandbox that starts anyway runs until stopped
    void theSandboxRefusesUnusableOptionsAsUsageErrorsBeforeStarting() {
        int badUrl = run(Map.of(), "sandbox", "--port", "0", "--esign-callback", "ftp://user:secret@host/cb");
        String badUrlError = err();
        int noScheme = run(Map.of(), "sandbox", "--port", "0", "--coe-callback", "localhost:8080/callbacks/coe");
        String noSchemeError = err();
        int authAlone = run(Map.of(), "sandbox", "--port", "0", "--callback-auth", "Bearer s3cret");
        String authAloneError = err();
        int badPublicUrl = run(Map.of(), "sandbox", "--port", "0", "--public-base-url", "sandbox.example:8090");
        String badPublicUrlError = err();
        int badPort = run(Map.of(), "sandbox", "--port", "70000");

        assertThat(badUrl).isEqualTo(Main.USAGE);
        assertThat(badUrlError).contains("--esign-callback must be an absolute http(s) URL").doesNotContain("secret");
        assertThat(noScheme).isEqualTo(Main.USAGE);
        assertThat(noSchemeError).contains("--coe-callback must be an absolute http(s) URL");
        assertThat(authAlone).isEqualTo(Main.USAGE);
        assertThat(authAloneError).contains("--callback-auth").doesNotContain("s3cret");
        assertThat(badPublicUrl).isEqualTo(Main.USAGE);
        assertThat(badPublicUrlError).contains("--public-base-url must be an absolute http(s) URL",
                "usage: onekyc-bridge sandbox");
        assertThat(badPort).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--port must be a port number");
    }

    @Test
    @Timeout(30) // a sandbox that starts anyway runs until stopped
    void theSandboxOnAPortInUseSaysWhichOptionMovesIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = run(Map.of(), "sandbox", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "choose another --port",
                    "usage: onekyc-bridge sandbox");
        }
    }

    @Test
    @Timeout(60)
    void theDemoOnAPortInUseNamesItsPortOptionAndLeavesNothingBehind() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = run(Map.of(), "demo", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "choose another --port",
                    "usage: onekyc-bridge demo").doesNotContain("BRIDGE_HTTP", "Exception");
            java.util.regex.Matcher database = java.util.regex.Pattern.compile("fresh SQLite database\\s+(\\S+)")
                    .matcher(out());
            assertThat(database.find()).isTrue();
            assertThat(Path.of(database.group(1)).getParent()).doesNotExist();
        }
    }

    @Test
    void theDemoRefusesAPortOutOfRangeByItsOptionBeforeStartingAnything() {
        int code = run(Map.of(), "demo", "--port", "70000");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--port must be a port number from 0 to 65535", "usage: onekyc-bridge demo")
                .doesNotContain("BRIDGE_HTTP");
        assertThat(out()).doesNotContain("sandbox started");
    }

    @Test
    void aConfigFileThatCannotBeReadIsToldInWordsNotByItsExceptionName(@TempDir Path folder) {
        Path missing = folder.resolve("bridge.properties");

        assertThat(run(Map.of(), "status", "--config", missing.toString(), "--partner-user-id", "u-1"))
                .isEqualTo(Main.USAGE);
        assertThat(err()).contains("--config: cannot read " + missing + " (no such file or folder)")
                .doesNotContain("Exception");
        assertThat(run(Map.of(), "db", "migrate", "--config", folder.toString())).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--config: cannot read " + folder + " (is a directory)")
                .doesNotContain("Exception");
    }

    @Test
    void aDatabaseFolderThatCannotBeCreatedIsToldInWords(@TempDir Path folder) throws Exception {
        Path file = java.nio.file.Files.createFile(folder.resolve("data"));

        int code = run(Map.of("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new byte[32]), "BRIDGE_DB_URL",
                "jdbc:sqlite:" + file.resolve("bridge.db")), "db", "migrate");

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("db migrate: cannot create the folder of the database file " + file
                + " (a file of that name is in the way)").doesNotContain("Exception");
    }

    @Test
    void aDatabaseLockedByAnotherProcessIsToldInWords(@TempDir Path folder) throws Exception {
        Map<String, String> environment = Map.of("BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new byte[32]), "BRIDGE_DB_URL",
                "jdbc:sqlite:" + folder.resolve("bridge.db"));
        assertThat(run(environment, "db", "migrate")).isZero();

        try (java.sql.Connection other = java.sql.DriverManager.getConnection(environment.get("BRIDGE_DB_URL"));
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("begin exclusive");

            // Reading goes on beside another process's write lock (WAL); a command that writes waits, then says why.
            assertThat(run(environment, "status", "--partner-user-id", "u-1")).isEqualTo(1);
            assertThat(err()).isEqualTo("no submissions for that partner user\n");
            assertThat(run(environment, "purge")).isEqualTo(1);
        }
        assertThat(err()).contains("purge: ").contains("failed: the database file stayed locked by another process")
                .doesNotContain("Exception");
    }

    @Test
    void registerGivenAFolderForAFileSaysSoBeforeStartingAnything(@TempDir Path folder) throws Exception {
        Path details = java.nio.file.Files.writeString(folder.resolve("details.json"), "{}");
        Path image = java.nio.file.Files.write(folder.resolve("ktp.jpg"), new byte[] {1});

        for (String[] files : List.of(new String[] {folder.toString(), image.toString()},
                new String[] {details.toString(), folder.toString()})) {
            int code = run(Map.of(), "register", "--sandbox", "--details", files[0], "--ktp", files[1], "--selfie",
                    image.toString());

            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err()).contains("cannot read " + folder + ": it is a folder, not a file")
                    .doesNotContain("Exception");
            assertThat(out()).doesNotContain("sandbox");
        }
    }

    @Test
    void registerGivenAMissingFileNamesTheOptionAndWhyBeforeStartingAnything(@TempDir Path folder)
            throws Exception {
        Path details = java.nio.file.Files.writeString(folder.resolve("details.json"), "{}");
        Path image = java.nio.file.Files.write(folder.resolve("ktp.jpg"), new byte[] {1});

        int code = run(Map.of(), "register", "--sandbox", "--details", details.toString(), "--ktp", image.toString(),
                "--selfie", "selfie.png");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("--selfie: cannot read selfie.png (no such file or folder)")
                .doesNotContain("Exception");
        assertThat(out()).doesNotContain("sandbox");
    }

    @Test
    void serveBesideThePublishedPlatformRefusesCallbacksThatNothingChecks(@TempDir Path folder) {
        Path database = folder.resolve("bridge.db");
        int code = run(serving(database, "ONEKYC_ENV", "production", "ONEKYC_SIV_ONBOARDING_PARTNER",
                "CLIENT_X-BE-SIV"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_CALLBACK_AUTH or BRIDGE_CALLBACK_ALLOWED_IPS: one is"
                + " required with the platform's own hosts", "0.0.0.0/0,::/0 if a proxy in front checks them");
        assertThat(database).doesNotExist();
    }

    @Test
    void serveWithAMistypedCidrBlockStopsBeforeOpeningTheStoreAndNamesTheKey(@TempDir Path folder) {
        Path database = folder.resolve("bridge.db");
        int code = run(serving(database, "BRIDGE_CALLBACK_ALLOWED_IPS", "10.0.0.0/33"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_CALLBACK_ALLOWED_IPS: '10.0.0.0/33'");
        assertThat(database).doesNotExist();
    }

    @Test
    void serveWithTheSandboxStopsOnAMissingKeyBeforeStartingTheSandbox() {
        int code = run(Map.of(), "serve", "--sandbox");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("BRIDGE_DATA_KEY is required").doesNotContain("ONEKYC_");
        assertThat(out()).doesNotContain("sandbox at");
    }

    @Test
    void serveWithAMissingKeyStopsAndNamesItWithoutPrintingSecrets() {
        int code = run(Map.of("ONEKYC_ENV", "staging", "ONEKYC_PASS_KEY", "very-secret-pass-key"), "serve");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("ONEKYC_CLIENT_ID is required", "BRIDGE_DATA_KEY is required")
                .doesNotContain("very-secret-pass-key");
    }

    @Test
    void anInputOutputFailureWithoutWordsOfItsOwnIsToldWithoutTheJdkExceptionName() {
        // As staging an image wraps a failed write of its temporary file (a full disk), with no message of its own.
        Command failing = new Command() {
            @Override
            public String name() {
                return "register";
            }

            @Override
            public String usage() {
                return "";
            }

            @Override
            public String summary() {
                return "";
            }

            @Override
            public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new Main(List.of(failing)).run(List.of("register"), Map.of(), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "onekyc-bridge register: failed (no space left on device)" + System.lineSeparator());
    }

    /** Settings that {@code serve} takes, on the SQLite file {@code database}, with more keys and values over them. */
    private static Map<String, String> serving(Path database, String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("ONEKYC_ENV", "staging", "ONEKYC_CLIENT_ID",
                "id", "ONEKYC_PASS_KEY", "pass", "ONEKYC_ONBOARDING_PARTNER", "CLIENT_X-BE-CERT_REG", "BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new byte[32]), "BRIDGE_DB_URL", "jdbc:sqlite:" + database,
                "BRIDGE_HTTP_HOST", "127.0.0.1", "BRIDGE_HTTP_PORT", "0"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }
}
