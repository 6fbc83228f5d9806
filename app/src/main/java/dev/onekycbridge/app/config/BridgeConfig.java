package dev.onekycbridge.app.config;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.web.DiskReserve;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.core.submission.FlowType;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The bridge's configuration, read and checked as a whole: a start with any missing or invalid key stops with
 * every problem listed, each naming its key and never showing a secret's value.
 *
 * @param environment the platform environment named by ONEKYC_ENV, or null when every base URL is given
 * @param onboardingPartner ONEKYC_ONBOARDING_PARTNER, or null when this deployment runs no CERT_REG; likewise
 *     {@code coeOnboardingPartner} for KTP_SCAN and {@code sivOnboardingPartner} for SIV
 * @param dbPoolSize BRIDGE_DB_POOL_SIZE: the most connections to the database held open at once (on SQLite, the
 *     readers: every write goes through one connection of its own)
 * @param dataKey the 32 bytes of BRIDGE_DATA_KEY
 * @param claimLease how long an instance holds a submission it works on; after a crash, others wait this long
 * @param previousDataKeys keys of BRIDGE_PREVIOUS_DATA_KEYS that still decrypt values written before a rotation
 * @param apiKeyPrevious BRIDGE_API_KEY_PREVIOUS: the partner API key that BRIDGE_API_KEY replaces, still accepted
 *     while partners switch; only beside BRIDGE_API_KEY, null when no rotation is under way
 * @param callbackAuthPrevious BRIDGE_CALLBACK_AUTH_PREVIOUS: likewise, the callback credential that
 *     BRIDGE_CALLBACK_AUTH replaces
 * @param callbackMatchWindow BRIDGE_CALLBACK_MATCH_WINDOW: how long a callback naming no known submission is
 *     retried before it is kept as unmatched
 * @param uploadsDir BRIDGE_UPLOADS_DIR, where received images wait while their request is handled; null for the
 *     default, {@link #uploadsDirectory}
 * @param temporaryDir TMPDIR as the environment gives it, where the default uploads directory goes; null for the
 *     JVM's temporary directory (which on Linux is /tmp whatever TMPDIR says)
 * @param httpIdleTimeout BRIDGE_HTTP_IDLE_TIMEOUT: how long a kept-alive connection of the service may wait for its
 *     next request before it is closed
 * @param httpRequestTimeout BRIDGE_HTTP_REQUEST_TIMEOUT: how long a request's headers may take to arrive, and the
 *     period over which its body must keep coming at the web adapter's minimum rate
 * @param diskReserve BRIDGE_DISK_RESERVE, in bytes: the disk space registrations may not take, kept for callbacks
 *     and the progress of the submissions already taken; 0 turns the check off
 * @param shutdownDelay BRIDGE_SHUTDOWN_DELAY: how long a stopping service goes on serving with its readiness
 *     DOWN, so that a load balancer stops sending it requests before its listener closes; zero for none
 */
public record BridgeConfig(PlatformEnvironment environment, URI authBaseUrl, URI coeAuthBaseUrl, URI apiBaseUrl,
                           Secret clientId, Secret passKey, String onboardingPartner, String coeOnboardingPartner,
                           String sivOnboardingPartner, ConsentTimestampUnit consentTimestampUnit, String httpHost,
                           int httpPort, String dbUrl, String dbUser, Secret dbPassword, int dbPoolSize, byte[] dataKey,
                           List<byte[]> previousDataKeys, Secret apiKey, Secret callbackAuth, Secret apiKeyPrevious,
                           Secret callbackAuthPrevious, List<String> callbackAllowedIps,
                           List<String> trustedProxies, Duration pollAfter, Duration purgeAfter,
                           Duration claimLease, Duration callbackMatchWindow, Path uploadsDir, Path temporaryDir,
                           Duration httpIdleTimeout, Duration httpRequestTimeout, long diskReserve,
                           Duration shutdownDelay) {

    /** The unit of consent timestamps on the wire: the published schema and examples disagree. */
    public enum ConsentTimestampUnit {
        MILLIS, SECONDS
    }

    /** The longest BRIDGE_SHUTDOWN_DELAY: an orchestrator kills a process that takes much longer to stop. */
    static final Duration MAX_SHUTDOWN_DELAY = Duration.ofMinutes(10);
    /** The shortest BRIDGE_CLAIM_LEASE: renewed every quarter of it, each renewal a write that may wait. */
    static final Duration MIN_CLAIM_LEASE = Duration.ofSeconds(10);
    /**
     * The longest period added to the current time and stored (a claim's end, the next poll): the store holds
     * instants as epoch nanoseconds, up to the year 2262, and a time beyond that fails every write that saves it.
     */
    static final Duration MAX_FROM_NOW = Duration.ofDays(36_500);
    public static final String DEFAULT_DB_URL = "jdbc:sqlite:data/onekyc-bridge.db";
    /** The largest BRIDGE_DB_POOL_SIZE, as the store takes it. */
    static final int MAX_POOL_SIZE = 200;
    /** The values BRIDGE_LOG_LEVEL takes; the logging library would read any other one as DEBUG. */
    public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Reads and checks every key; throws a {@link ConfigException} listing all problems. */
    public static BridgeConfig from(ConfigSource source) {
        return new Reader(source, true).read();
    }

    /**
     * Reads the keys of the store and service only, for commands that never call the platform ({@code db
     * migrate}, {@code status}): the platform's keys may then be missing.
     */
    public static BridgeConfig storeOnly(ConfigSource source) {
        return new Reader(source, false).read();
    }

    /** BRIDGE_LOG_LEVEL in upper case, when it is set to one of {@link #LOG_LEVELS}. */
    public static Optional<String> logLevel(ConfigSource source) {
        return source.get("BRIDGE_LOG_LEVEL").map(value -> value.toUpperCase(Locale.ROOT))
                .filter(LOG_LEVELS::contains);
    }

    /** The key of a flow's onboarding partner; a flow whose key is not set is not run by this deployment. */
    public static String onboardingPartnerKey(FlowType flow) {
        return switch (flow) {
            case CERT_REG -> "ONEKYC_ONBOARDING_PARTNER";
            case KTP_SCAN -> "ONEKYC_COE_ONBOARDING_PARTNER";
            case SIV -> "ONEKYC_SIV_ONBOARDING_PARTNER";
        };
    }

    /** The flow's onboarding partner, or null when the flow is not configured. */
    public String onboardingPartner(FlowType flow) {
        return switch (flow) {
            case CERT_REG -> onboardingPartner;
            case KTP_SCAN -> coeOnboardingPartner;
            case SIV -> sivOnboardingPartner;
        };
    }

    /** The flows this deployment runs: those whose onboarding partner is configured. */
    public Set<FlowType> configuredFlows() {
        Set<FlowType> flows = EnumSet.noneOf(FlowType.class);
        for (FlowType flow : FlowType.values()) {
            if (onboardingPartner(flow) != null) {
                flows.add(flow);
            }
        }
        return Collections.unmodifiableSet(flows);
    }

    /**
     * Where received images wait while their request is handled: BRIDGE_UPLOADS_DIR, else the web adapter's
     * folder in TMPDIR, so that instances kept apart by TMPDIR do not empty each other's at start.
     */
    public Path uploadsDirectory() {
        if (uploadsDir != null) {
            return uploadsDir;
        }
        Path fallback = WebConfig.defaults().uploadsDirectory();
        return temporaryDir == null ? fallback : temporaryDir.resolve(fallback.getFileName());
    }

    /** Which flows run and, for the others, the key that would enable them. */
    public String describeFlows() {
        Set<FlowType> flows = configuredFlows();
        String enabled = "flows " + (flows.isEmpty() ? "none"
                : flows.stream().map(Enum::name).collect(Collectors.joining(", ")));
        String missing = Arrays.stream(FlowType.values()).filter(flow -> !flows.contains(flow))
                .map(flow -> flow + " (" + onboardingPartnerKey(flow) + ")").collect(Collectors.joining(", "));
        return missing.isEmpty() ? enabled : enabled + "; not configured: " + missing;
    }

    /**
     * Whether callbacks are taken from anyone: neither BRIDGE_CALLBACK_AUTH nor BRIDGE_CALLBACK_ALLOWED_IPS is set.
     * Anyone who reaches {@code /callbacks/*} can then set a submission's result; an identity verification's, by
     * its partner user id alone, since the platform names its submission only in that result.
     */
    public boolean callbacksUnchecked() {
        return callbackAuth == null && callbackAllowedIps.isEmpty();
    }

    /** Whether the gateway is one of the platform's own hosts (staging or production), not a sandbox or proxy. */
    public boolean platformIsPublished() {
        String host = apiBaseUrl == null ? null : apiBaseUrl.getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith(".gopayapi.com");
    }

    /** Whether the gateway is on this machine: an emulator, a test, or a tunnel whose far end is the operator's. */
    public boolean platformIsLocal() {
        String host = apiBaseUrl == null ? null : apiBaseUrl.getHost();
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    /** One line for the start-up banner, free of secrets. */
    public String describe() {
        String platform = isEnvironment() ? environment.name().toLowerCase(Locale.ROOT) : "custom";
        String where = apiBaseUrl == null ? "not configured" : withoutCredentials(apiBaseUrl);
        return "platform " + platform + " (" + where + "), " + describeFlows() + ", database " + databaseKind()
                + ", port " + httpPort
                + ", partner API " + (apiKey == null ? "open" : "bearer key")
                + (apiKeyPrevious == null ? "" : " (previous key still accepted)") + ", callbacks "
                + (callbackAuth == null ? "unauthenticated" : "authenticated")
                + (callbackAuthPrevious == null ? "" : " (previous credential still accepted)")
                + (callbackAllowedIps.isEmpty() ? "" : " from " + callbackAllowedIps.size() + " range(s)");
    }

    /**
     * Whether every base URL is the named environment's: one overridden (serve --sandbox, a proxy) makes the
     * platform custom, whatever ONEKYC_ENV says, so that the banner never names production for something else.
     */
    private boolean isEnvironment() {
        return environment != null && String.valueOf(authBaseUrl).equals(environment.authBaseUrl())
                && String.valueOf(coeAuthBaseUrl).equals(environment.coeAuthBaseUrl())
                && String.valueOf(apiBaseUrl).equals(environment.apiBaseUrl());
    }

    /** A base URL as the banner shows it: a proxy's {@code user:password@} and query are left out. */
    private static String withoutCredentials(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /**
     * The database file when BRIDGE_DB_URL names SQLite, as the URL writes it: a relative path is taken from the
     * working directory, as the store reads it. Empty for PostgreSQL and for a SQLite URL the store refuses.
     */
    public Optional<Path> sqliteFile() {
        return DatabaseConfig.sqliteFileOf(dbUrl);
    }

    /**
     * The database in use without credentials: its kind and, for SQLite, the file's absolute path (the default URL
     * is relative to the working directory, which the operator reading the line may not know).
     */
    public String databaseKind() {
        if (dbUrl.startsWith("jdbc:sqlite:")) {
            // Its query may hold settings of a driver that takes a key there: the file is enough to know.
            String rest = dbUrl.substring("jdbc:sqlite:".length());
            int query = rest.indexOf('?');
            return "SQLite " + sqliteFile().map(file -> file.toAbsolutePath().toString())
                    .orElse(query < 0 ? rest : rest.substring(0, query));
        }
        if (dbUrl.startsWith("jdbc:postgresql:")) {
            String shown = postgresWithoutQuery(dbUrl);
            // The check refuses a user or password before the host; should one get here, it is still not shown.
            int userInfo = shown.lastIndexOf('@');
            return "PostgreSQL " + (userInfo < 0 ? shown : "//" + shown.substring(userInfo + 1));
        }
        return "JDBC";
    }

    /** A PostgreSQL URL without its scheme and query: the hosts and database, and whatever is before them. */
    private static String postgresWithoutQuery(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    @Override
    public String toString() {
        return "BridgeConfig[" + describe() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BridgeConfig that && describe().equals(that.describe())
                && Arrays.equals(dataKey, that.dataKey);
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    private static final class Reader {
        /** The characters of a key: a line's text past them is not a key's, and may be a value. */
        private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_]+");
        private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(B|KiB|MiB|GiB|TiB|)",
                Pattern.CASE_INSENSITIVE);
        /** Stands for a key that is not one, once its problem is listed: the configuration is refused anyway. */
        private static final byte[] NO_KEY = new byte[32];
        private final ConfigSource source;
        private final boolean platformRequired;
        private final List<String> problems = new ArrayList<>();
        /** Every key asked for: a key of the --config file outside it is one nobody reads. */
        private final Set<String> read = new HashSet<>();

        Reader(ConfigSource source, boolean platformRequired) {
            this.source = source;
            this.platformRequired = platformRequired;
        }

        BridgeConfig read() {
            PlatformEnvironment environment = get("ONEKYC_ENV").map(value -> {
                try {
                    return PlatformEnvironment.valueOf(value.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add("ONEKYC_ENV must be staging or production");
                    return null;
                }
            }).orElse(null);
            List<String> urlKeys = List.of("ONEKYC_AUTH_BASE_URL", "ONEKYC_COE_AUTH_BASE_URL", "ONEKYC_API_BASE_URL");
            boolean noPlatform = get("ONEKYC_ENV").isEmpty() && urlKeys.stream().allMatch(k -> get(k).isEmpty());
            if (platformRequired && noPlatform) {
                // A first start with neither: the environment is what to set, not three URLs.
                problems.add("ONEKYC_ENV is required: staging or production (or give every base URL: "
                        + String.join(", ", urlKeys) + ")");
            }
            String authDefault = environment == null ? null : environment.authBaseUrl();
            String coeAuthDefault = environment == null ? null : environment.coeAuthBaseUrl();
            String apiDefault = environment == null ? null : environment.apiBaseUrl();
            URI auth = url("ONEKYC_AUTH_BASE_URL", authDefault, !noPlatform);
            URI coeAuth = url("ONEKYC_COE_AUTH_BASE_URL", coeAuthDefault, !noPlatform);
            URI api = url("ONEKYC_API_BASE_URL", apiDefault, !noPlatform);
            Secret clientId = headerValue("ONEKYC_CLIENT_ID", platformKey("ONEKYC_CLIENT_ID")).map(Secret::new)
                    .orElse(null);
            Secret passKey = headerValue("ONEKYC_PASS_KEY", platformKey("ONEKYC_PASS_KEY")).map(Secret::new)
                    .orElse(null);
            String onboarding = onboardingPartner(FlowType.CERT_REG);
            String coeOnboarding = onboardingPartner(FlowType.KTP_SCAN);
            String sivOnboarding = onboardingPartner(FlowType.SIV);
            boolean anyGiven = Arrays.stream(FlowType.values()).anyMatch(flow -> get(onboardingPartnerKey(flow))
                    .isPresent());
            // One given but refused is told as such: "no flow is configured" would send the operator elsewhere.
            if (platformRequired && !anyGiven) {
                // Each flow is optional, but a deployment that runs none of them is a mistake.
                problems.add("no flow is configured: set at least one of " + Arrays.stream(FlowType.values())
                        .map(flow -> onboardingPartnerKey(flow) + " (" + flow + ")")
                        .collect(Collectors.joining(", ")));
            }
            ConsentTimestampUnit unit = get("ONEKYC_CONSENT_TIMESTAMP_UNIT").map(value -> switch (
                    value.toLowerCase(Locale.ROOT)) {
                case "millis", "milliseconds", "ms" -> ConsentTimestampUnit.MILLIS;
                case "seconds", "s" -> ConsentTimestampUnit.SECONDS;
                default -> {
                    problems.add("ONEKYC_CONSENT_TIMESTAMP_UNIT must be millis or seconds");
                    yield null;
                }
            }).orElse(ConsentTimestampUnit.MILLIS);
            int port = port("BRIDGE_HTTP_PORT", 8080);
            String host = get("BRIDGE_HTTP_HOST").orElse("0.0.0.0");
            String dbUrl = get("BRIDGE_DB_URL").orElse(DEFAULT_DB_URL);
            DatabaseConfig.problemOf(dbUrl).ifPresent(problem -> problems.add("BRIDGE_DB_URL: " + problem));
            if (dbUrl.startsWith("jdbc:postgresql:") && postgresWithoutQuery(dbUrl).contains("@")) {
                // user:password@host: the URL goes into the start-up line, and the driver does not read it anyway.
                problems.add("BRIDGE_DB_URL must not hold a user name or password (user:password@ before the host):"
                        + " give them in BRIDGE_DB_USER and BRIDGE_DB_PASSWORD");
            }
            byte[] dataKey = dataKey();
            List<byte[]> previousKeys = previousDataKeys(dataKey);
            List<String> allowed = cidrs("BRIDGE_CALLBACK_ALLOWED_IPS");
            List<String> proxies = cidrs("BRIDGE_TRUSTED_PROXIES");
            Duration pollAfter = fromNow("BRIDGE_POLL_AFTER", Duration.ofMinutes(10));
            // Taken from the current time, not added to it: 292 years back is still a storable instant.
            Duration purgeAfter = duration("BRIDGE_PURGE_AFTER", Duration.ofDays(30));
            Duration claimLease = fromNow("BRIDGE_CLAIM_LEASE", Duration.ofMinutes(10));
            if (claimLease.compareTo(MIN_CLAIM_LEASE) < 0) {
                problems.add("BRIDGE_CLAIM_LEASE must be at least " + MIN_CLAIM_LEASE + ": a lease that runs out"
                        + " between its renewals lets another worker repeat a step under way");
                claimLease = MIN_CLAIM_LEASE;
            }
            // Only compared with a callback's arrival, never stored: any period IsoDuration takes will do.
            Duration matchWindow = duration("BRIDGE_CALLBACK_MATCH_WINDOW", Duration.ofDays(1));
            Path uploadsDir = path("BRIDGE_UPLOADS_DIR");
            Path temporaryDir = uploadsDir == null ? path("TMPDIR") : null;
            Duration idleTimeout = httpTimeout("BRIDGE_HTTP_IDLE_TIMEOUT", WebConfig.DEFAULT_IDLE_TIMEOUT);
            Duration requestTimeout = httpTimeout("BRIDGE_HTTP_REQUEST_TIMEOUT", WebConfig.DEFAULT_REQUEST_TIMEOUT);
            long diskReserve = size("BRIDGE_DISK_RESERVE", DiskReserve.DEFAULT_BYTES);
            Duration shutdownDelay = shutdownDelay("BRIDGE_SHUTDOWN_DELAY");
            if (get("BRIDGE_LOG_LEVEL").isPresent() && logLevel(source).isEmpty()) {
                problems.add("BRIDGE_LOG_LEVEL must be one of " + String.join(", ", LOG_LEVELS));
            }
            String dbUser = get("BRIDGE_DB_USER").orElse(null);
            int dbPoolSize = poolSize("BRIDGE_DB_POOL_SIZE");
            Secret dbPassword = get("BRIDGE_DB_PASSWORD").map(Secret::new).orElse(null);
            // Compared with a request's header: a value no header can carry would refuse every request alike.
            Secret apiKey = headerValue("BRIDGE_API_KEY", get("BRIDGE_API_KEY")).map(Secret::new).orElse(null);
            Secret callbackAuth = headerValue("BRIDGE_CALLBACK_AUTH", get("BRIDGE_CALLBACK_AUTH")).map(Secret::new)
                    .orElse(null);
            Secret apiKeyPrevious = previousSecret("BRIDGE_API_KEY_PREVIOUS", "BRIDGE_API_KEY");
            Secret callbackAuthPrevious = previousSecret("BRIDGE_CALLBACK_AUTH_PREVIOUS", "BRIDGE_CALLBACK_AUTH");
            // A misspelt optional key would be ignored without a word: BRIDGE_API_KY=… leaves the API open.
            source.fileKeys().stream().filter(key -> !read.contains(key)).sorted()
                    .forEach(key -> problems.add(unknownKey(key)));
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new BridgeConfig(environment, auth, coeAuth, api, clientId, passKey, onboarding, coeOnboarding,
                    sivOnboarding, unit, host, port, dbUrl, dbUser, dbPassword, dbPoolSize, dataKey, previousKeys,
                    apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious, allowed, proxies, pollAfter,
                    purgeAfter, claimLease, matchWindow, uploadsDir, temporaryDir, idleTimeout, requestTimeout,
                    diskReserve, shutdownDelay);
        }

        /**
         * A key no setting reads, named. A line that lost its '=' is one key, the setting's name and its value run
         * together (BRIDGE_DB_PASSWORDs3cret): a key longer than a setting's name is named by that name only.
         */
        private String unknownKey(String key) {
            Path file = source.file().orElseThrow();
            String upper = key.toUpperCase(Locale.ROOT);
            if (read.contains(upper)) {
                return key + " in " + file + " is not a setting: keys are upper case (" + upper + ")";
            }
            Optional<String> setting = read.stream().filter(upper::startsWith)
                    .max(Comparator.comparingInt(String::length));
            if (setting.isPresent()) {
                return "a key in " + file + " starts with " + setting.get() + " and goes on (a missing '='?); the"
                        + " rest is not shown, as it may be a value";
            }
            // A line written as "KEY: value" or "KEY value" (a properties file's other forms) is one key: name the
            // word before the separator alone.
            Matcher name = KEY_NAME.matcher(key);
            if (name.lookingAt() && name.end() < key.length()) {
                return "a key in " + file + " starts with " + name.group() + " and goes on with a character no key"
                        + " has (KEY: value?); it is not a setting of onekyc-bridge, and the rest is not shown, as it"
                        + " may be a value";
            }
            return key + " in " + file + " is not a setting of onekyc-bridge (misspelt?)";
        }

        private Optional<String> get(String key) {
            read.add(key);
            return source.get(key);
        }

        private Path path(String key) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return null;
            }
            try {
                return Path.of(value.get()).toAbsolutePath();
            } catch (InvalidPathException e) {
                problems.add(key + " must be a path");
                return null;
            }
        }

        /**
         * The credential a rotation retires, accepted beside the current one until every client has switched. Alone
         * it is refused: the service would take the old credential only, or none at all if read as unset. The
         * problems never repeat a value.
         */
        private Secret previousSecret(String key, String currentKey) {
            Optional<String> previous = headerValue(key, get(key));
            if (previous.isEmpty()) {
                return null;
            }
            Optional<String> current = get(currentKey);
            if (current.isEmpty()) {
                problems.add(key + " is accepted only beside " + currentKey + ", the value replacing it: set "
                        + currentKey + " too, or remove " + key);
                return null;
            }
            if (current.get().equals(previous.get())) {
                problems.add(key + " is the same as " + currentKey + ": the previous value is the one " + currentKey
                        + " replaces");
                return null;
            }
            return new Secret(previous.get());
        }

        private Optional<String> platformKey(String key) {
            return platformRequired ? required(key) : get(key);
        }

        private String onboardingPartner(FlowType flow) {
            return headerValue(onboardingPartnerKey(flow), get(onboardingPartnerKey(flow))).orElse(null);
        }

        /**
         * A value sent in an HTTP header, or compared with one: printable ASCII only, or every call would fail
         * alike, as though the platform were down (or every request be refused). A no-break space or typographic quotes come with a value pasted from a document. The
         * problem never repeats the value: it may be a secret.
         */
        private Optional<String> headerValue(String key, Optional<String> value) {
            if (value.isPresent() && !OneKycClientConfig.isHeaderValue(value.get())) {
                problems.add(key + " may hold only printable ASCII characters: it travels in an HTTP header (look"
                        + " for a no-break space or typographic quotes pasted with it)");
                return Optional.empty();
            }
            return value;
        }

        private Optional<String> required(String key) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                problems.add(key + " is required");
            }
            return value;
        }

        /** @param reportMissing false when ONEKYC_ENV is already named as what to set */
        private URI url(String key, String fallback, boolean reportMissing) {
            Optional<String> value = get(key).or(() -> Optional.ofNullable(fallback));
            if (value.isEmpty()) {
                // With a mistyped ONEKYC_ENV, that one problem says what to fix; the URLs are not missing.
                if (platformRequired && reportMissing && get("ONEKYC_ENV").isEmpty()) {
                    problems.add(key + " is required when ONEKYC_ENV is not set");
                }
                return null;
            }
            try {
                URI uri = new URI(value.get());
                if (uri.getScheme() == null || uri.getHost() == null
                        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    problems.add(key + " must be an absolute http(s) URL");
                    return null;
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    // The platform's paths are appended to it: a query would end up in the middle of each URL.
                    problems.add(key + " must not carry a query or fragment");
                    return null;
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                problems.add(key + " must be an absolute http(s) URL");
                return null;
            }
        }

        private int port(String key, int fallback) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int port = Integer.parseInt(value.get());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " must be a port number from 0 to 65535");
            return fallback;
        }

        /** A number of connections the store's pool takes: from 1 to {@link #MAX_POOL_SIZE}. */
        private int poolSize(String key) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return DatabaseConfig.DEFAULT_POOL_SIZE;
            }
            try {
                int size = Integer.parseInt(value.get());
                if (size >= 1 && size <= MAX_POOL_SIZE) {
                    return size;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " must be a number of connections from 1 to " + MAX_POOL_SIZE);
            return DatabaseConfig.DEFAULT_POOL_SIZE;
        }

        private byte[] dataKey() {
            return required("BRIDGE_DATA_KEY").map(value -> key("BRIDGE_DATA_KEY", value)).orElse(null);
        }

        /**
         * Each one that is no key, or that repeats the current key or an earlier one of the list (in any base64
         * spelling, padded or not), is named by its place in the list: its value is a secret. A repeat would
         * otherwise pass, and a rotation whose new key is still the old one seem done.
         */
        private List<byte[]> previousDataKeys(byte[] current) {
            List<String> values = list("BRIDGE_PREVIOUS_DATA_KEYS");
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String name = "BRIDGE_PREVIOUS_DATA_KEYS: key " + (i + 1) + " of " + values.size();
                byte[] key = key(name, values.get(i), "; the keys are separated by commas");
                if (key != NO_KEY) {
                    if (current != null && current != NO_KEY && Arrays.equals(key, current)) {
                        problems.add(name + " is the current key, BRIDGE_DATA_KEY: a previous key is the one it"
                                + " replaced");
                    }
                    for (int earlier = 0; earlier < keys.size(); earlier++) {
                        if (Arrays.equals(key, keys.get(earlier))) {
                            problems.add(name + " repeats key " + (earlier + 1));
                            break;
                        }
                    }
                }
                keys.add(key);
            }
            return List.copyOf(keys);
        }

        private byte[] key(String name, String value) {
            return key(name, value, "");
        }

        /** The key, or {@link #NO_KEY} once its problem (followed by {@code hint}) is listed. */
        private byte[] key(String name, String value, String hint) {
            try {
                byte[] key = Base64.getDecoder().decode(value);
                if (key.length == 32) {
                    return key;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            problems.add(name + " must be the base64 encoding of 32 random bytes (openssl rand -base64 32)" + hint);
            return NO_KEY;
        }

        private List<String> list(String key) {
            return get(key).map(value -> Arrays.stream(value.split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList()).orElse(List.of());
        }

        /** CIDR blocks, each checked as the web adapter will parse it. Blocks are not secret: a bad one is named. */
        private List<String> cidrs(String key) {
            List<String> blocks = list(key);
            for (String block : blocks) {
                try {
                    WebConfig.defaults().withTrustedProxies(List.of(block));
                } catch (IllegalArgumentException e) {
                    problems.add(key + ": '" + block + "' is not an IPv4 or IPv6 address or CIDR block (e.g."
                            + " 203.0.113.0/24 or 2001:db8::/32)");
                }
            }
            return blocks;
        }

        /** A timeout of the HTTP server: a positive duration that Vert.x can count, in whole milliseconds. */
        private Duration httpTimeout(String key, Duration fallback) {
            Duration timeout = duration(key, fallback);
            if (timeout.toMillis() < 1) {
                problems.add(key + " must be at least a millisecond (PT0.001S)");
                return fallback;
            }
            if (timeout.compareTo(WebConfig.MAX_TIMEOUT) > 0) {
                problems.add(key + " must be at most P24D");
                return fallback;
            }
            return timeout;
        }

        /** A period that may be zero (none), up to {@link #MAX_SHUTDOWN_DELAY}. */
        private Duration shutdownDelay(String key) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return Duration.ZERO;
            }
            Optional<Duration> delay = IsoDuration.parse(value.get());
            if (delay.isPresent() && !delay.get().isNegative() && delay.get().compareTo(MAX_SHUTDOWN_DELAY) <= 0) {
                return delay.get();
            }
            problems.add(key + " must be an ISO-8601 duration from PT0S to " + MAX_SHUTDOWN_DELAY + ", e.g. PT10S");
            return Duration.ZERO;
        }

        /** A number of bytes, alone or with a binary unit (256MiB); decimal units are refused as ambiguous. */
        private long size(String key, long fallback) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            Matcher size = SIZE.matcher(value.get().strip());
            if (size.matches()) {
                int shift = switch (size.group(2).toUpperCase(Locale.ROOT)) {
                    case "KIB" -> 10;
                    case "MIB" -> 20;
                    case "GIB" -> 30;
                    case "TIB" -> 40;
                    default -> 0;
                };
                try {
                    long number = Long.parseLong(size.group(1));
                    if (number <= Long.MAX_VALUE >> shift) {
                        return number << shift;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problems.add(key + " must be a number of bytes, alone or in KiB, MiB, GiB or TiB (e.g. 256MiB); 0 turns"
                    + " it off");
            return fallback;
        }

        /** A positive period that is added to the current time and stored: at most {@link #MAX_FROM_NOW}. */
        private Duration fromNow(String key, Duration fallback) {
            Duration period = duration(key, fallback);
            if (period.compareTo(MAX_FROM_NOW) > 0) {
                problems.add(key + " must be at most P" + MAX_FROM_NOW.toDays() + "D: the time it ends is stored,"
                        + " and the store holds times up to the year 2262");
                return fallback;
            }
            return period;
        }

        private Duration duration(String key, Duration fallback) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            Optional<Duration> duration = IsoDuration.parse(value.get());
            if (duration.isPresent() && !duration.get().isNegative() && !duration.get().isZero()) {
                return duration.get();
            }
            problems.add(key + " must be " + IsoDuration.EXPECTED);
            return fallback;
        }
    }
}
