package dev.onekycbridge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.submission.FlowType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
            11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final String PASS_KEY = "pass-key-that-must-never-be-printed";

    static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("ONEKYC_ENV", "staging");
        values.put("ONEKYC_CLIENT_ID", "client-id-secret");
        values.put("ONEKYC_PASS_KEY", PASS_KEY);
        values.put("ONEKYC_ONBOARDING_PARTNER", "CLIENT_X-BE-CERT_REG");
        values.put("BRIDGE_DATA_KEY", KEY);
        return values;
    }

    @Test
    void aMinimalConfigurationTakesTheDocumentedDefaults() {
        BridgeConfig config = BridgeConfig.from(ConfigSource.of(minimal()));

        assertThat(config.environment()).isEqualTo(PlatformEnvironment.STAGING);
        assertThat(config.apiBaseUrl()).hasToString("https://onekyc.ky.id.staging.gopayapi.com");
        assertThat(config.authBaseUrl()).hasToString("https://onekyc-token.staging.gopayapi.com");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dbUrl()).isEqualTo("jdbc:sqlite:data/onekyc-bridge.db");
        assertThat(config.pollAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.consentTimestampUnit()).isEqualTo(BridgeConfig.ConsentTimestampUnit.MILLIS);
        assertThat(config.apiKey()).isNull();
        assertThat(config.callbackAllowedIps()).isEmpty();
        assertThat(config.uploadsDir()).as("the web adapter's default").isNull();
        assertThat(config.callbackMatchWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(config.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.diskReserve()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void callbacksAreUncheckedWithNeitherAnAuthorizationNorAnAddressRangeAndThePlatformIsKnownByItsGateway() {
        Map<String, String> values = minimal();
        assertThat(BridgeConfig.from(ConfigSource.of(values)).callbacksUnchecked()).isTrue();
        assertThat(BridgeConfig.from(ConfigSource.of(values)).platformIsPublished()).isTrue();
        values.put("BRIDGE_CALLBACK_ALLOWED_IPS", "0.0.0.0/0,::/0");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).callbacksUnchecked()).isFalse();
        values.remove("BRIDGE_CALLBACK_ALLOWED_IPS");
        values.put("BRIDGE_CALLBACK_AUTH", "Bearer agreed");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).callbacksUnchecked()).isFalse();

        Map<String, Boolean> local = Map.of("http://127.0.0.1:8090", true, "http://localhost:8090", true,
                "http://[::1]:8090", true, "https://proxy.example.com", false, "https://ONEKYC.KY.ID.GOPAYAPI.COM",
                false);
        local.forEach((url, isLocal) -> {
            Map<String, String> custom = minimal();
            custom.put("ONEKYC_API_BASE_URL", url);
            BridgeConfig config = BridgeConfig.from(ConfigSource.of(custom));
            assertThat(config.platformIsLocal()).as(url).isEqualTo(isLocal);
            assertThat(config.platformIsPublished()).as(url).isEqualTo(url.endsWith("GOPAYAPI.COM"));
        });
    }

    @Test
    void theDiskReserveIsBytesAloneOrInABinaryUnit() {
        Map<String, Long> sizes = Map.of("0", 0L, "1048576", 1_048_576L, "64KiB", 64L << 10, "512MiB", 512L << 20,
                "1 GiB", 1L << 30, "2tib", 2L << 40, "10B", 10L);
        sizes.forEach((value, bytes) -> {
            Map<String, String> values = minimal();
            values.put("BRIDGE_DISK_RESERVE", value);
            assertThat(BridgeConfig.from(ConfigSource.of(values)).diskReserve()).as(value).isEqualTo(bytes);
        });
    }

    @Test
    void aDiskReserveInDecimalUnitsNegativeFractionalOrBeyondALongIsNamedByItsKey() {
        for (String invalid : List.of("1GB", "-1", "lots", "1.5GiB", "9000000TiB", "99999999999999999999")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_DISK_RESERVE", invalid);

            assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(invalid)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .containsExactly("BRIDGE_DISK_RESERVE must be a number of bytes, alone or in KiB, MiB,"
                                    + " GiB or TiB (e.g. 256MiB); 0 turns it off"));
        }
    }

    @Test
    void theHttpServersTimeoutsAreIsoDurations() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_HTTP_IDLE_TIMEOUT", "PT2M");
        values.put("BRIDGE_HTTP_REQUEST_TIMEOUT", "PT10.5S");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.httpIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.httpRequestTimeout()).isEqualTo(Duration.ofMillis(10_500));
    }

    @Test
    void anHttpTimeoutThatIsNoDurationZeroNegativeOrOutOfRangeIsNamedByItsKey() {
        for (String invalid : List.of("60", "soon", "PT0S", "-PT30S", "PT0.0001S", "P30D")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_HTTP_IDLE_TIMEOUT", invalid);
            values.put("BRIDGE_HTTP_REQUEST_TIMEOUT", invalid);

            assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(invalid)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                            .anySatisfy(problem -> assertThat(problem).startsWith("BRIDGE_HTTP_IDLE_TIMEOUT must be"))
                            .anySatisfy(problem -> assertThat(problem)
                                    .startsWith("BRIDGE_HTTP_REQUEST_TIMEOUT must be")));
        }
    }

    @Test
    void theShutdownDelayIsNoneUnlessSetAndMayBeZero() {
        assertThat(BridgeConfig.from(ConfigSource.of(minimal())).shutdownDelay()).isZero();
        Map<String, Duration> delays = Map.of("PT0S", Duration.ZERO, "PT15S", Duration.ofSeconds(15), "PT10M",
                Duration.ofMinutes(10));
        delays.forEach((value, delay) -> {
            Map<String, String> values = minimal();
            values.put("BRIDGE_SHUTDOWN_DELAY", value);
            assertThat(BridgeConfig.from(ConfigSource.of(values)).shutdownDelay()).as(value).isEqualTo(delay);
        });
    }

    @Test
    void aShutdownDelayThatIsNoDurationNegativeOrLongerThanTenMinutesIsNamedByItsKey() {
        for (String invalid : List.of("15", "soon", "-PT1S", "PT10M0.001S", "P1D")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_SHUTDOWN_DELAY", invalid);

            assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(invalid)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .containsExactly("BRIDGE_SHUTDOWN_DELAY must be an ISO-8601 duration from PT0S to PT10M,"
                                    + " e.g. PT10S"));
        }
    }

    @Test
    void aClaimLeaseShorterThanTenSecondsIsRefusedByItsKey() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_CLAIM_LEASE", "PT10S");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).claimLease()).isEqualTo(Duration.ofSeconds(10));

        for (String tooShort : List.of("PT9.999S", "PT0.001S")) {
            values.put("BRIDGE_CLAIM_LEASE", tooShort);
            assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(tooShort)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            "BRIDGE_CLAIM_LEASE must be at least PT10S: a lease that runs out between its renewals"
                                    + " lets another worker repeat a step under way"));
        }
    }

    /** Each is added to the current time and stored, and the store holds instants up to the year 2262. */
    @Test
    void aClaimLeaseOrPollAfterTooLongForItsEndToBeStoredIsRefusedByItsKey() {
        for (String key : List.of("BRIDGE_CLAIM_LEASE", "BRIDGE_POLL_AFTER")) {
            Map<String, String> values = minimal();
            values.put(key, "P36500D");
            assertThat(BridgeConfig.from(ConfigSource.of(values))).as(key).isNotNull();

            for (String tooLong : List.of("P36501D", "P99999D", "P100000D", "P106751D")) {
                values.put(key, tooLong);
                assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(key + "=" + tooLong)
                        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                                key + " must be at most P36500D: the time it ends is stored, and the store holds times"
                                        + " up to the year 2262"));
            }
        }
    }

    /** Taken from the current time, or compared with an arrival: the longest period the timers take will do. */
    @Test
    void theRetentionAndTheMatchWindowMayBeAsLongAsAnyPeriod() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_PURGE_AFTER", "P106751D");
        values.put("BRIDGE_CALLBACK_MATCH_WINDOW", "P106751D");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.purgeAfter()).isEqualTo(Duration.ofDays(106_751));
        assertThat(config.callbackMatchWindow()).isEqualTo(Duration.ofDays(106_751));
    }

    @Test
    void theMatchWindowOfUnknownCallbacksIsAPositiveDuration() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_CALLBACK_MATCH_WINDOW", "P7D");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).callbackMatchWindow()).isEqualTo(Duration.ofDays(7));

        values.put("BRIDGE_CALLBACK_MATCH_WINDOW", "-PT1H");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .hasMessageContaining("BRIDGE_CALLBACK_MATCH_WINDOW must be a positive ISO-8601 duration");
    }

    /** ISO-8601 weeks, which java.time's Duration does not read; months and years have no fixed length. */
    @Test
    void aDurationMayBeGivenInWeeksButNotInMonthsOrYears() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_PURGE_AFTER", "P2W");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).purgeAfter()).isEqualTo(Duration.ofDays(14));

        for (String unclear : List.of("P1M", "P1Y", "P0W", "PW", "P365000D", "P20000W")) {
            values.put("BRIDGE_PURGE_AFTER", unclear);
            assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).as(unclear)
                    .hasMessageContaining("BRIDGE_PURGE_AFTER must be a positive ISO-8601 duration of weeks, days");
        }
    }

    @Test
    void anUploadsDirectoryIsTakenAsAnAbsolutePath() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_UPLOADS_DIR", "run/uploads");

        assertThat(BridgeConfig.from(ConfigSource.of(values)).uploadsDir())
                .isEqualTo(Path.of("run/uploads").toAbsolutePath());
    }

    @Test
    void theDefaultUploadsDirectoryIsInTheEnvironmentsTmpdirElseInTheJvmsTemporaryDirectory(@TempDir Path folder)
            throws IOException {
        Path file = Files.writeString(folder.resolve("bridge.properties"), "TMPDIR=/from/the/file\n");
        Map<String, String> values = minimal();
        Path jvms = Path.of(System.getProperty("java.io.tmpdir"), "onekyc-bridge-uploads");
        assertThat(BridgeConfig.from(ConfigSource.load(file, values)).uploadsDirectory()).isEqualTo(jvms);

        values.put("TMPDIR", "/run/user/1000");
        assertThat(BridgeConfig.from(ConfigSource.load(file, values)).uploadsDirectory())
                .isEqualTo(Path.of("/run/user/1000/onekyc-bridge-uploads"));

        values.put("BRIDGE_UPLOADS_DIR", "/srv/uploads");
        assertThat(BridgeConfig.from(ConfigSource.load(file, values)).uploadsDirectory())
                .isEqualTo(Path.of("/srv/uploads"));
    }

    @Test
    void overridesWinOverTheEnvironmentsUrls() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_API_BASE_URL", "http://127.0.0.1:9999");

        assertThat(BridgeConfig.from(ConfigSource.of(values)).apiBaseUrl()).hasToString("http://127.0.0.1:9999");
    }

    @Test
    void everyMissingOrInvalidKeyIsNamedAtOnceWithoutItsValue() {
        Map<String, String> values = new HashMap<>();
        values.put("ONEKYC_ENV", "moon");
        values.put("ONEKYC_PASS_KEY", PASS_KEY);
        values.put("BRIDGE_HTTP_PORT", "eighty");
        values.put("BRIDGE_DATA_KEY", "not-base64-" + PASS_KEY);
        values.put("BRIDGE_POLL_AFTER", "10 minutes");
        values.put("ONEKYC_CONSENT_TIMESTAMP_UNIT", "hours");
        values.put("BRIDGE_DB_URL", "jdbc:mysql://x");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(String.join("\n", e.problems())).contains("ONEKYC_ENV", "ONEKYC_CLIENT_ID",
                            "ONEKYC_ONBOARDING_PARTNER", "BRIDGE_HTTP_PORT", "BRIDGE_DATA_KEY", "BRIDGE_POLL_AFTER",
                            "ONEKYC_CONSENT_TIMESTAMP_UNIT", "BRIDGE_DB_URL");
                    assertThat(e.getMessage()).doesNotContain(PASS_KEY).doesNotContain("eighty");
                });
    }

    @Test
    void eachPreviousDataKeyThatIsNoKeyIsNamedByItsPositionNeverByItsValue() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_PREVIOUS_DATA_KEYS", "abc-secret, " + OTHER_KEY + ", def-secret");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "BRIDGE_PREVIOUS_DATA_KEYS: key 1 of 3 must be the base64 encoding of 32 random bytes"
                                    + " (openssl rand -base64 32); the keys are separated by commas",
                            "BRIDGE_PREVIOUS_DATA_KEYS: key 3 of 3 must be the base64 encoding of 32 random bytes"
                                    + " (openssl rand -base64 32); the keys are separated by commas");
                    assertThat(e.getMessage()).doesNotContain("abc-secret", "def-secret");
                });
    }

    @Test
    void aPreviousDataKeyThatIsTheCurrentKeyOrRepeatsAnotherInAnySpellingIsRefusedByItsPosition() {
        Map<String, String> values = minimal();
        String unpadded = OTHER_KEY.replace("=", "");
        values.put("BRIDGE_PREVIOUS_DATA_KEYS", OTHER_KEY + "," + KEY.replace("=", "") + "," + unpadded);

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "BRIDGE_PREVIOUS_DATA_KEYS: key 2 of 3 is the current key, BRIDGE_DATA_KEY: a previous"
                                    + " key is the one it replaced",
                            "BRIDGE_PREVIOUS_DATA_KEYS: key 3 of 3 repeats key 1");
                    assertThat(e.getMessage()).doesNotContain(unpadded, KEY.replace("=", ""));
                });
        values.put("BRIDGE_PREVIOUS_DATA_KEYS", KEY);
        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values))).isInstanceOf(ConfigException.class);
    }

    @Test
    void aProxysCredentialsInABaseUrlStayOutOfTheStartUpLine() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_API_BASE_URL", "https://bridge:proxy-secret@proxy.example:8443/onekyc");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.describe()).contains("https://proxy.example:8443/onekyc")
                .doesNotContain("proxy-secret", "bridge:");
        assertThat(config.toString()).doesNotContain("proxy-secret");
    }

    /** The platform's paths are appended to a base URL: the client would refuse it at its start, unnamed. */
    @Test
    void aBaseUrlWithAQueryOrAFragmentIsAProblemNamingItsKeyAndNotItsValue() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_API_BASE_URL", "https://proxy.example/onekyc?token=query-secret");
        values.put("ONEKYC_AUTH_BASE_URL", "https://proxy.example/auth#fragment-secret");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "ONEKYC_API_BASE_URL must not carry a query or fragment",
                        "ONEKYC_AUTH_BASE_URL must not carry a query or fragment"))
                .hasMessageNotContaining("query-secret").hasMessageNotContaining("fragment-secret");
    }

    /** Pasted from a document: every call would fail alike, as though the platform were down. */
    @Test
    void aCredentialOrOnboardingPartnerThatCannotBeSentInAHeaderIsAProblemNamingItsKeyAndNotItsValue() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_PASS_KEY", "pass\u00a0key-secret");
        values.put("ONEKYC_CLIENT_ID", "\u201cclient-secret\u201d");
        values.put("ONEKYC_ONBOARDING_PARTNER", "CLIENT_X\u2013BE-CERT_REG");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "ONEKYC_PASS_KEY may hold only printable ASCII characters: it travels in an HTTP header (look"
                                + " for a no-break space or typographic quotes pasted with it)")
                        .anyMatch(problem -> problem.startsWith("ONEKYC_CLIENT_ID may hold only printable ASCII"))
                        .anyMatch(problem -> problem.startsWith("ONEKYC_ONBOARDING_PARTNER may hold only printable")))
                .hasMessageNotContaining("key-secret").hasMessageNotContaining("client-secret");
    }

    /** Compared with what a partner or the platform sends: every request or callback would be refused alike. */
    @Test
    void anApiKeyOrCallbackAuthorizationThatNoHeaderCanCarryIsAProblemNamingItsKeyAndNotItsValue() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_API_KEY", "api\u00a0key-secret");
        values.put("BRIDGE_CALLBACK_AUTH", "Bearer \u201ccallback-secret\u201d");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(problem -> problem.startsWith("BRIDGE_API_KEY may hold only printable ASCII"))
                        .anyMatch(problem -> problem.startsWith("BRIDGE_CALLBACK_AUTH may hold only printable")))
                .hasMessageNotContaining("key-secret").hasMessageNotContaining("callback-secret");
    }

    @Test
    void theOnlyOnboardingPartnerRefusedIsToldAsSuchNotAsNoFlowConfigured() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_ONBOARDING_PARTNER", "CLIENT_X\u2013BE-CERT_REG");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("ONEKYC_ONBOARDING_PARTNER may hold only printable ASCII"));
    }

    @Test
    void theDatabaseIsShownWithoutTheQueryOfItsUrl() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_DB_URL", "jdbc:sqlite:file:bridge.db");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).describe())
                .contains("SQLite " + Path.of("bridge.db").toAbsolutePath());

        values.put("BRIDGE_DB_URL", "jdbc:postgresql://db.example:5432/bridge?user=bridge&password=db-secret");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).describe())
                .contains("PostgreSQL //db.example:5432/bridge").doesNotContain("db-secret");
    }

    @Test
    void aUserAndPasswordInThePostgresUrlAreRefusedByItsKeyWithoutTheValue() {
        for (String url : List.of("jdbc:postgresql://bridge:db-secret@db/bridge",
                "jdbc:postgresql://bridge:db-secret@db:5432/bridge?sslmode=require", "jdbc:postgresql://db-secret@db/b",
                "jdbc:postgresql://bridge:db/secret@db/bridge")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_DB_URL", url);

            ConfigSource source = ConfigSource.of(values);

            assertThatThrownBy(() -> BridgeConfig.from(source)).as(url)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            "BRIDGE_DB_URL must not hold a user name or password (user:password@ before the host):"
                                    + " give them in BRIDGE_DB_USER and BRIDGE_DB_PASSWORD"))
                    .hasMessageNotContaining("secret");
            assertThatThrownBy(() -> BridgeConfig.storeOnly(source)).as(url)
                    .hasMessageContaining("BRIDGE_DB_URL").hasMessageNotContaining("secret");
        }
        Map<String, String> values = minimal();
        values.put("BRIDGE_DB_URL", "jdbc:postgresql://db/bridge?user=bridge&password=p@ss");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).dbUrl()).as("an '@' in the query is a value's")
                .endsWith("p@ss");
    }

    /** Should a URL with a user and password get past the check, the start-up line still leaves them out. */
    @Test
    void aUserAndPasswordInThePostgresUrlNeverAppearInTheDescriptionOrToString() throws ReflectiveOperationException {
        BridgeConfig config = withDbUrl(BridgeConfig.from(ConfigSource.of(minimal())),
                "jdbc:postgresql://bridge:db-secret@db.internal:5432/onekyc?sslmode=require");

        assertThat(config.describe()).contains("database PostgreSQL //db.internal:5432/onekyc,");
        assertThat(config.describe() + config).doesNotContain("db-secret", "bridge:");
    }

    /** The configuration with another database URL, every other component as it is. */
    private static BridgeConfig withDbUrl(BridgeConfig config, String dbUrl) throws ReflectiveOperationException {
        RecordComponent[] components = BridgeConfig.class.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            arguments[i] = components[i].getName().equals("dbUrl") ? dbUrl
                    : components[i].getAccessor().invoke(config);
        }
        return BridgeConfig.class.getDeclaredConstructor(types).newInstance(arguments);
    }

    /** What the store would refuse when it opens is named with the other problems, before anything starts. */
    @Test
    void aSqliteUrlWithOptionsOrWithoutAFileIsNamedByItsKeyWithTheOtherProblems() {
        for (String url : List.of("jdbc:sqlite:data/x.db?journal_mode=DELETE&key=db-secret", "jdbc:sqlite:",
                "jdbc:sqlite::memory:", "jdbc:sqlite:file:x.db?mode=memory")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_DB_URL", url);
            values.put("BRIDGE_POLL_AFTER", "soon");

            assertThatThrownBy(() -> BridgeConfig.storeOnly(ConfigSource.of(values))).as(url)
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.problems()).hasSize(2)
                                .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_DB_URL: "))
                                .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_POLL_AFTER"));
                        assertThat(e.getMessage()).doesNotContain("db-secret");
                    });
        }
    }

    @Test
    void theStartUpLineNamesTheEnvironmentOnlyWhenItsUrlsAreUsed() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_ENV", "production");
        assertThat(BridgeConfig.from(ConfigSource.of(values)).describe())
                .startsWith("platform production (https://onekyc.ky.id.gopayapi.com)");

        // serve --sandbox under an exported ONEKYC_ENV: not production.
        for (String key : List.of("ONEKYC_AUTH_BASE_URL", "ONEKYC_COE_AUTH_BASE_URL", "ONEKYC_API_BASE_URL")) {
            values.put(key, "http://127.0.0.1:9999");
        }
        assertThat(BridgeConfig.from(ConfigSource.of(values)).describe())
                .startsWith("platform custom (http://127.0.0.1:9999)").doesNotContain("production");
    }

    @Test
    void theStartUpLineSaysWhereARelativeSqliteFileIs() {
        Map<String, String> values = minimal();
        values.remove("BRIDGE_DB_URL");

        assertThat(BridgeConfig.from(ConfigSource.of(values)).describe())
                .contains("database SQLite " + Path.of("data", "onekyc-bridge.db").toAbsolutePath() + ",");
    }

    @Test
    void aMistypedEnvironmentIsNamedAloneNotAsThreeMissingUrls() {
        Map<String, String> values = minimal();
        values.put("ONEKYC_ENV", "prod");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .hasMessageContaining("ONEKYC_ENV must be staging or production")
                .hasMessageNotContaining("BASE_URL");
    }

    @Test
    void aMissingEnvironmentIsNamedAloneNotAsThreeMissingUrls() {
        Map<String, String> values = minimal();
        values.remove("ONEKYC_ENV");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("ONEKYC_ENV is required: staging or production"));

        // Base URLs given in part (a proxy for some hosts): the missing ones are named.
        values.put("ONEKYC_API_BASE_URL", "https://proxy.example");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "ONEKYC_AUTH_BASE_URL is required when ONEKYC_ENV is not set",
                        "ONEKYC_COE_AUTH_BASE_URL is required when ONEKYC_ENV is not set"));
    }

    @Test
    void aLogLevelThatIsNoLevelIsNamedInsteadOfTurningOnDebugLogging() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_LOG_LEVEL", "WARNING");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .hasMessageContaining("BRIDGE_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");

        values.put("BRIDGE_LOG_LEVEL", "warn");
        assertThat(BridgeConfig.logLevel(ConfigSource.of(values))).contains("WARN");
    }

    @Test
    void theStoreOnlyReadingNeedsNoPlatformKeys() {
        BridgeConfig config = BridgeConfig.storeOnly(ConfigSource.of(Map.of("BRIDGE_DATA_KEY", KEY)));

        assertThat(config.clientId()).isNull();
        assertThat(config.describe()).contains("not configured");
    }

    @Test
    void secretsNeverAppearInTheDescriptionOrToString() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_API_KEY", "api-key-secret");
        values.put("BRIDGE_CALLBACK_AUTH", "Bearer callback-secret");
        values.put("BRIDGE_DB_URL", "jdbc:postgresql://db:5432/bridge?user=u&password=db-secret");
        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.toString() + config.describe()).doesNotContain("client-id-secret", PASS_KEY,
                "api-key-secret", "callback-secret", "db-secret", KEY);
        assertThat(config.describe()).contains("PostgreSQL //db:5432/bridge");
    }

    @Test
    void theEnvironmentOverridesThePropertiesFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        Files.writeString(file, "BRIDGE_HTTP_PORT=9090\nBRIDGE_POLL_AFTER=PT1M\n");

        ConfigSource source = ConfigSource.load(file, Map.of("BRIDGE_HTTP_PORT", "7070", "HOME", "/root"));

        assertThat(source.get("BRIDGE_HTTP_PORT")).contains("7070");
        assertThat(source.get("BRIDGE_POLL_AFTER")).contains("PT1M");
        assertThat(source.get("HOME")).isEmpty();
    }

    @Test
    void aFilesValueInQuotesAsAShellWouldWriteItIsReadWithoutThem(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.env");
        Files.writeString(file, "ONEKYC_PASS_KEY=\"pass key\"\nBRIDGE_API_KEY='api-key'\nONEKYC_CLIENT_ID=\"half\n"
                + "BRIDGE_DB_USER=\"\"\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("ONEKYC_PASS_KEY")).contains("pass key");
        assertThat(source.get("BRIDGE_API_KEY")).contains("api-key");
        assertThat(source.get("ONEKYC_CLIENT_ID")).as("no pair of quotes").contains("\"half");
        assertThat(source.get("BRIDGE_DB_USER")).as("empty quotes are no value").isEmpty();
    }

    @Test
    void aBlankEnvironmentValueLeavesTheFilesValueInsteadOfUnsettingIt(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        Files.writeString(file, "BRIDGE_API_KEY=api-key-from-the-file\nBRIDGE_HTTP_PORT=9090\n");
        Map<String, String> environment = minimal();
        environment.put("BRIDGE_API_KEY", "");
        environment.put("BRIDGE_HTTP_PORT", "  ");

        BridgeConfig config = BridgeConfig.from(ConfigSource.load(file, environment));

        assertThat(config.apiKey()).isEqualTo(new Secret("api-key-from-the-file"));
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.describe()).contains("partner API bearer key");
    }

    @Test
    void theDatabasePoolSizeIsReadFromOneTo200AndIsEightByDefault() {
        Map<String, String> values = minimal();
        assertThat(BridgeConfig.storeOnly(ConfigSource.of(values)).dbPoolSize()).isEqualTo(8);

        values.put("BRIDGE_DB_POOL_SIZE", "40");
        assertThat(BridgeConfig.storeOnly(ConfigSource.of(values)).dbPoolSize()).isEqualTo(40);
        values.put("BRIDGE_DB_POOL_SIZE", "1");
        assertThat(BridgeConfig.storeOnly(ConfigSource.of(values)).dbPoolSize()).isEqualTo(1);
        values.put("BRIDGE_DB_POOL_SIZE", "200");
        assertThat(BridgeConfig.storeOnly(ConfigSource.of(values)).dbPoolSize()).isEqualTo(200);
    }

    @Test
    void aDatabasePoolSizeOutOfRangeOrNoNumberIsNamedByItsKey() {
        for (String invalid : List.of("0", "-3", "201", "8 connections", "99999999999", "1.5")) {
            Map<String, String> values = minimal();
            values.put("BRIDGE_DB_POOL_SIZE", invalid);

            assertThatThrownBy(() -> BridgeConfig.storeOnly(ConfigSource.of(values))).as(invalid)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                            "BRIDGE_DB_POOL_SIZE must be a number of connections from 1 to 200"));
        }
    }

    /** During a rotation the credential being replaced is still accepted: it is read, and never shown. */
    @Test
    void aPreviousApiKeyAndCallbackCredentialAreReadBesideTheCurrentOnes() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_API_KEY", "new-api-key-secret");
        values.put("BRIDGE_API_KEY_PREVIOUS", "old-api-key-secret");
        values.put("BRIDGE_CALLBACK_AUTH", "Basic bmV3LXNlY3JldA==");
        values.put("BRIDGE_CALLBACK_AUTH_PREVIOUS", "Basic b2xkLXNlY3JldA==");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.apiKeyPrevious()).isEqualTo(new Secret("old-api-key-secret"));
        assertThat(config.callbackAuthPrevious()).isEqualTo(new Secret("Basic b2xkLXNlY3JldA=="));
        assertThat(config.describe()).contains("previous key still accepted", "previous credential still accepted")
                .doesNotContain("secret", "bmV3", "b2xk");
        assertThat(BridgeConfig.from(ConfigSource.of(minimal())).apiKeyPrevious()).isNull();
    }

    @Test
    void aPreviousCredentialWithoutTheCurrentOneIsRefusedNamingBothKeys() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_API_KEY_PREVIOUS", "old-api-key-secret");
        values.put("BRIDGE_CALLBACK_AUTH_PREVIOUS", "Basic b2xkLXNlY3JldA==");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2)
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_API_KEY_PREVIOUS is accepted only"
                                    + " beside BRIDGE_API_KEY"))
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_CALLBACK_AUTH_PREVIOUS is accepted only"
                                    + " beside BRIDGE_CALLBACK_AUTH"));
                    assertThat(e.getMessage()).doesNotContain("old-api-key-secret", "b2xk");
                });
    }

    /** A previous value equal to the current one is a rotation not done: the new value was never set. */
    @Test
    void aPreviousCredentialThatIsTheCurrentOneIsRefused() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_API_KEY", "same-api-key-secret");
        values.put("BRIDGE_API_KEY_PREVIOUS", "same-api-key-secret");
        values.put("BRIDGE_CALLBACK_AUTH_PREVIOUS", "Basic\u00a0b2xk");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2)
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_API_KEY_PREVIOUS is the same as"
                                    + " BRIDGE_API_KEY"))
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_CALLBACK_AUTH_PREVIOUS may hold only"
                                    + " printable ASCII"));
                    assertThat(e.getMessage()).doesNotContain("same-api-key-secret", "b2xk");
                });
    }

    @Test
    void everyMistypedCidrBlockIsNamedByItsKeyWithTheOtherProblems() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_CALLBACK_ALLOWED_IPS", "10.0.0.0/8, 10.0.0.0/33, 2001:db8::/32");
        values.put("BRIDGE_TRUSTED_PROXIES", "proxy.internal,203.0.113.7");
        values.put("BRIDGE_POLL_AFTER", "soon");
        values.put("BRIDGE_API_KEY", "api-key-secret");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(3)
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_CALLBACK_ALLOWED_IPS")
                                    .contains("'10.0.0.0/33'"))
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_TRUSTED_PROXIES")
                                    .contains("'proxy.internal'"))
                            .anySatisfy(p -> assertThat(p).startsWith("BRIDGE_POLL_AFTER"));
                    assertThat(e.getMessage()).doesNotContain("api-key-secret", PASS_KEY, "allowedCallbackCidrs");
                });
    }

    @Test
    void addressesAndBlocksOfBothFamiliesAreTaken() {
        Map<String, String> values = minimal();
        values.put("BRIDGE_CALLBACK_ALLOWED_IPS", "10.0.0.0/8, 2001:db8::/32, 198.51.100.4");
        values.put("BRIDGE_TRUSTED_PROXIES", "::1");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.callbackAllowedIps()).containsExactly("10.0.0.0/8", "2001:db8::/32", "198.51.100.4");
        assertThat(config.trustedProxies()).containsExactly("::1");
    }

    @Test
    void eachFlowRunsOnlyWhenItsOnboardingPartnerIsConfiguredAndTheBannerSaysWhich() {
        Map<String, String> values = minimal();
        values.remove("ONEKYC_ONBOARDING_PARTNER");
        values.put("ONEKYC_COE_ONBOARDING_PARTNER", "CLIENT_X-SDK-KTP_SCAN");

        BridgeConfig config = BridgeConfig.from(ConfigSource.of(values));

        assertThat(config.configuredFlows()).containsExactly(FlowType.KTP_SCAN);
        assertThat(config.onboardingPartner(FlowType.CERT_REG)).isNull();
        assertThat(config.describe()).contains("flows KTP_SCAN; not configured: CERT_REG (ONEKYC_ONBOARDING_PARTNER),"
                + " SIV (ONEKYC_SIV_ONBOARDING_PARTNER)");
    }

    @Test
    void aDeploymentThatRunsNoFlowAtAllIsRefusedNamingTheThreeKeys() {
        Map<String, String> values = minimal();
        values.remove("ONEKYC_ONBOARDING_PARTNER");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.of(values)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("no flow is configured", "ONEKYC_ONBOARDING_PARTNER (CERT_REG)",
                                "ONEKYC_COE_ONBOARDING_PARTNER (KTP_SCAN)", "ONEKYC_SIV_ONBOARDING_PARTNER (SIV)"));
        assertThat(BridgeConfig.storeOnly(ConfigSource.of(values)).configuredFlows()).isEmpty();
    }

    @Test
    void aKeyRunTogetherWithItsValueIsNamedWithoutTheValue(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        // The '=' lost: the whole line is one key, the password in it.
        Files.writeString(file, "BRIDGE_DB_PASSWORDhunter2secret\n");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.load(file, minimal())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains(file.toString(), "starts with BRIDGE_DB_PASSWORD", "missing '='")
                        .doesNotContain("hunter2"));
    }

    @Test
    void aMisspeltKeyInTheConfigFileIsNamedRatherThanIgnored(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        // BRIDGE_API_KY would leave the partner API open without a word.
        Files.writeString(file, "BRIDGE_API_KY=api-key-secret\nBRIDGE_LOG_LEVEL=info\nOTHER_SERVICE_URL=http://x\n");
        Map<String, String> environment = new HashMap<>(minimal());
        environment.put("BRIDGE_TEST_POSTGRES_URL", "jdbc:postgresql://db/other"); // another program's, ignored

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.load(file, environment)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("BRIDGE_API_KY in " + file, "not a setting").doesNotContain("secret"));
        assertThatThrownBy(() -> BridgeConfig.storeOnly(ConfigSource.load(file, environment)))
                .hasMessageContaining("BRIDGE_API_KY");

        Files.writeString(file, "BRIDGE_API_KEY=api-key\nBRIDGE_LOG_LEVEL=info\nOTHER_SERVICE_URL=http://x\n");
        assertThat(BridgeConfig.from(ConfigSource.load(file, environment)).apiKey()).isNotNull();
    }

    @Test
    void aKeyInTheConfigFileInAnotherCaseIsNamedWithTheKeyItMeant(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        // bridge_api_key would leave the partner API open, Bridge_Purge_After the purge at its default.
        Files.writeString(file, "bridge_api_key=api-key-secret\nBridge_Purge_After=P1D\nbridge_db_passwordhunter2\n");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.load(file, minimal())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "bridge_api_key in " + file + " is not a setting: keys are upper case (BRIDGE_API_KEY)",
                        "Bridge_Purge_After in " + file + " is not a setting: keys are upper case"
                                + " (BRIDGE_PURGE_AFTER)",
                        "a key in " + file + " starts with BRIDGE_DB_PASSWORD and goes on (a missing '='?); the rest"
                                + " is not shown, as it may be a value"));
    }

    @Test
    void aKeyWrittenWithAColonIsNamedWithoutWhatFollowsIt(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        // A properties file's other form, with a misspelt key: the line is one key, and its value a secret.
        Files.writeString(file, "ONEKYC_PASSKEY: s3cret-pass\nBRIDGE_API_KY pass-word-2\n");

        assertThatThrownBy(() -> BridgeConfig.from(ConfigSource.load(file, minimal())))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2).anySatisfy(problem -> assertThat(problem)
                            .contains("starts with ONEKYC_PASSKEY and goes on")).anySatisfy(problem ->
                            assertThat(problem).contains("starts with BRIDGE_API_KY and goes on"));
                    assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("pass-word");
                });
    }

    @Test
    void aConfigFileSavedWithAByteOrderMarkHasItsFirstKeyRead(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.properties");
        // As some editors save UTF-8: the mark would make the first key no setting, and BRIDGE_DB_URL the default.
        Files.write(file, ("\uFEFFBRIDGE_DB_URL=jdbc:sqlite:/srv/bridge/bridge.db\nBRIDGE_HTTP_PORT=9090\n")
                .getBytes(StandardCharsets.UTF_8));

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("BRIDGE_DB_URL")).contains("jdbc:sqlite:/srv/bridge/bridge.db");
        assertThat(source.fileKeys()).containsExactlyInAnyOrder("BRIDGE_DB_URL", "BRIDGE_HTTP_PORT");
    }

    @Test
    void aConfigFileWrittenForAShellsSourceHasItsExportedKeysRead(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.env");
        // Read as properties, "export BRIDGE_API_KEY=…" is the key "export": the partner API would stay open.
        Files.writeString(file, "export BRIDGE_API_KEY=api-key\n  export ONEKYC_PASS_KEY=\"pass key\"\n"
                + "BRIDGE_HTTP_PORT=9090\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("BRIDGE_API_KEY")).contains("api-key");
        assertThat(source.get("ONEKYC_PASS_KEY")).contains("pass key");
        assertThat(source.fileKeys()).containsExactlyInAnyOrder("BRIDGE_API_KEY", "ONEKYC_PASS_KEY",
                "BRIDGE_HTTP_PORT");
    }

    @Test
    void aBackslashAtTheEndOfAValueIsPartOfItAndTheNextLineIsAKeyOfItsOwn(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.env");
        // Read as properties, the password went on into the next line and the API key was unset.
        Files.writeString(file, "BRIDGE_DB_PASSWORD=abc\\\nBRIDGE_API_KEY=k\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("BRIDGE_DB_PASSWORD")).contains("abc\\");
        assertThat(source.get("BRIDGE_API_KEY")).contains("k");
    }

    @Test
    void backslashesInAValueAreKeptAsWrittenNotTakenForEscapes(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.env");
        Files.writeString(file, "ONEKYC_PASS_KEY='Ab\\C9'\nONEKYC_CLIENT_ID=line\\none\nBRIDGE_API_KEY=x\\u12z\n"
                + "BRIDGE_CALLBACK_AUTH=\"Bearer a\\u0041\"\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("ONEKYC_PASS_KEY")).contains("Ab\\C9");
        assertThat(source.get("ONEKYC_CLIENT_ID")).contains("line\\none");
        assertThat(source.get("BRIDGE_API_KEY")).as("no malformed escape to fail on").contains("x\\u12z");
        assertThat(source.get("BRIDGE_CALLBACK_AUTH")).contains("Bearer a\\u0041");
    }

    @Test
    void aValueIsEverythingAfterTheFirstEqualsSignAndCommentAndBlankLinesAreSkipped(@TempDir Path folder)
            throws IOException {
        Path file = folder.resolve("bridge.env");
        Files.writeString(file, "# the bridge\r\n\r\n  BRIDGE_CALLBACK_AUTH = Basic dXNlcjpwYXNz==\r\n"
                + "   # BRIDGE_API_KEY=commented-out\r\nBRIDGE_DB_PASSWORD=#not-a-comment:x=y\r\n"
                + "BRIDGE_HTTP_PORT=9090\r\nBRIDGE_HTTP_PORT=9191\r\n");

        ConfigSource source = ConfigSource.load(file, Map.of());

        assertThat(source.get("BRIDGE_CALLBACK_AUTH")).contains("Basic dXNlcjpwYXNz==");
        assertThat(source.get("BRIDGE_DB_PASSWORD")).contains("#not-a-comment:x=y");
        assertThat(source.get("BRIDGE_HTTP_PORT")).as("the last one, as a shell takes it").contains("9191");
        assertThat(source.fileKeys()).containsExactlyInAnyOrder("BRIDGE_CALLBACK_AUTH", "BRIDGE_DB_PASSWORD",
                "BRIDGE_HTTP_PORT");
    }

    @Test
    void aLineWithNoKeyBeforeItsEqualsSignIsNamedByItsNumberWithoutItsText(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bridge.env");
        Files.writeString(file, "BRIDGE_HTTP_PORT=9090\n\n =hunter2secret\n");

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "--config: line 3 of " + file + " has no key before its '='"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aConfigFileThatIsNotUtf8IsToldSoNotByTheDecodersWords(@TempDir Path folder) throws IOException {
        Path file = Files.write(folder.resolve("bridge.properties"),
                "BRIDGE_DB_URL=jdbc:sqlite:caf\u00e9.db\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigSource.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--config: cannot read " + file + " (not UTF-8 text)")
                .hasMessageNotContaining("input length");
    }

    @Test
    void anUnreadableConfigFileIsAConfigurationError(@TempDir Path folder) {
        assertThatThrownBy(() -> ConfigSource.load(folder.resolve("missing.properties"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config");
    }
}
