package dev.onekycbridge.adapter.onekyc;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Immutable configuration of a {@link OneKycClient}. Start from {@link #staging()}, {@link #production()} or
 * {@link #of(String, String, String)} and derive with the {@code with…} methods; every wither returns a new
 * instance and leaves this one unchanged.
 *
 * <pre>{@code
 * OneKycClientConfig config = OneKycClientConfig.staging()
 *     .withCredentials(clientId, passKey)
 *     .withCertRegOnboardingPartner("CLIENT_X-BE-CERT_REG");
 * }</pre>
 *
 * <p>{@link #toString()} never shows the client id or the pass key.
 */
public final class OneKycClientConfig {
    /** The unit of {@code consentData[].timeStamp}: the published schema says milliseconds, its examples seconds. */
    public enum ConsentTimestampUnit {
        MILLIS,
        SECONDS
    }

    /** Waits between retries. Tests replace it so that they do not wait. */
    @FunctionalInterface
    public interface Sleeper {
        /** The sleeper of the running thread: {@link Thread#sleep(long)}. */
        Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** Esign token host, staging (onekyc-api.md §1; the sandbox host is the alternative published name). */
    public static final String STAGING_ESIGN_TOKEN_URL = "https://onekyc-token.staging.gopayapi.com/";
    /** COE token host, sandbox: a hyphen, not a dot (onekyc-api.md §1). */
    public static final String STAGING_COE_TOKEN_URL = "https://onekyc-token-sandbox.gopayapi.com/";
    /** Esign, SIV and COE gateway, staging. */
    public static final String STAGING_GATEWAY_URL = "https://onekyc.ky.id.staging.gopayapi.com/";
    /** Esign token host, production. */
    public static final String PRODUCTION_ESIGN_TOKEN_URL = "https://onekyc-token.ky.id.gopayapi.com/";
    /**
     * COE token host, production. The platform does not publish one: the Esign production token host is the
     * best guess, and the value to override ({@link #withCoeTokenBaseUrl}) once the platform confirms its host.
     */
    public static final String PRODUCTION_COE_TOKEN_URL = PRODUCTION_ESIGN_TOKEN_URL;
    /** Esign, SIV and COE gateway, production. */
    public static final String PRODUCTION_GATEWAY_URL = "https://onekyc.ky.id.gopayapi.com/";

    private final Settings settings;

    private OneKycClientConfig(Settings settings) {
        this.settings = settings;
    }

    /** The documented staging hosts. */
    public static OneKycClientConfig staging() {
        return of(STAGING_ESIGN_TOKEN_URL, STAGING_COE_TOKEN_URL, STAGING_GATEWAY_URL);
    }

    /** The documented production hosts (the COE token host is not published; see {@link #PRODUCTION_COE_TOKEN_URL}). */
    public static OneKycClientConfig production() {
        return of(PRODUCTION_ESIGN_TOKEN_URL, PRODUCTION_COE_TOKEN_URL, PRODUCTION_GATEWAY_URL);
    }

    /**
     * Explicit hosts, such as the sandbox or a proxy. A base URL may carry a path prefix; the platform's paths
     * are resolved below it.
     */
    public static OneKycClientConfig of(String esignTokenBaseUrl, String coeTokenBaseUrl, String gatewayBaseUrl) {
        Settings settings = new Settings();
        settings.esignTokenBaseUrl = baseUrl("esignTokenBaseUrl", esignTokenBaseUrl);
        settings.coeTokenBaseUrl = baseUrl("coeTokenBaseUrl", coeTokenBaseUrl);
        settings.gatewayBaseUrl = baseUrl("gatewayBaseUrl", gatewayBaseUrl);
        return new OneKycClientConfig(settings);
    }

    // ---- withers ----

    public OneKycClientConfig withEsignTokenBaseUrl(String url) {
        String checked = baseUrl("esignTokenBaseUrl", url);
        return with(s -> s.esignTokenBaseUrl = checked);
    }

    public OneKycClientConfig withCoeTokenBaseUrl(String url) {
        String checked = baseUrl("coeTokenBaseUrl", url);
        return with(s -> s.coeTokenBaseUrl = checked);
    }

    public OneKycClientConfig withGatewayBaseUrl(String url) {
        String checked = baseUrl("gatewayBaseUrl", url);
        return with(s -> s.gatewayBaseUrl = checked);
    }

    /** The partner credentials sent as {@code client-id} and {@code pass-key} to the token hosts. */
    public OneKycClientConfig withCredentials(String clientId, String passKey) {
        String id = requireHeaderValue("clientId", clientId);
        String key = requireHeaderValue("passKey", passKey);
        return with(s -> {
            s.clientId = id;
            s.passKey = key;
        });
    }

    /** The {@code x-esign-onboarding-partner} of certificate registrations, e.g. {@code CLIENT_X-BE-CERT_REG}. */
    public OneKycClientConfig withCertRegOnboardingPartner(String onboardingPartner) {
        String value = requireHeaderValue("certRegOnboardingPartner", onboardingPartner);
        return with(s -> s.certRegOnboardingPartner = value);
    }

    /** The {@code x-onboarding-partner} of KTP scans (COE user tokens), e.g. {@code CLIENT_X-SDK-KTP_SCAN}. */
    public OneKycClientConfig withKtpScanOnboardingPartner(String onboardingPartner) {
        String value = requireHeaderValue("ktpScanOnboardingPartner", onboardingPartner);
        return with(s -> s.ktpScanOnboardingPartner = value);
    }

    /**
     * The onboarding partner of identity verifications, e.g.
     * {@code CLIENT_X-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION}.
     */
    public OneKycClientConfig withSivOnboardingPartner(String onboardingPartner) {
        String value = requireHeaderValue("sivOnboardingPartner", onboardingPartner);
        return with(s -> s.sivOnboardingPartner = value);
    }

    public OneKycClientConfig withConsentTimestampUnit(ConsentTimestampUnit unit) {
        if (unit == null) {
            throw new NullPointerException("unit == null");
        }
        return with(s -> s.consentTimestampUnit = unit);
    }

    /** How long before its expiry a cached token is replaced (the platform advises 300 seconds). */
    public OneKycClientConfig withTokenRefreshMargin(Duration margin) {
        Duration value = requireNotNegative("tokenRefreshMargin", margin);
        return with(s -> s.tokenRefreshMargin = value);
    }

    public OneKycClientConfig withConnectTimeout(Duration timeout) {
        Duration value = requirePositive("connectTimeout", timeout);
        return with(s -> s.connectTimeout = value);
    }

    /** Read and write timeout of the platform's API calls. */
    public OneKycClientConfig withReadTimeout(Duration timeout) {
        Duration value = requirePositive("readTimeout", timeout);
        return with(s -> s.readTimeout = value);
    }

    /** Read and write timeout of document uploads to presigned URLs. */
    public OneKycClientConfig withUploadTimeout(Duration timeout) {
        Duration value = requirePositive("uploadTimeout", timeout);
        return with(s -> s.uploadTimeout = value);
    }

    /**
     * The most one attempt of an API call may take, from connecting to reading the last byte of the answer: the
     * read timeout alone lets a server that sends a byte now and then hold a call (and every caller waiting for
     * the same token) for ever. Unless set, the connect timeout plus twice the read timeout.
     */
    public OneKycClientConfig withCallTimeout(Duration timeout) {
        Duration value = requirePositive("callTimeout", timeout);
        return with(s -> s.callTimeout = value);
    }

    public OneKycClientConfig withRetryPolicy(RetryPolicy retryPolicy) {
        if (retryPolicy == null) {
            throw new NullPointerException("retryPolicy == null");
        }
        return with(s -> s.retryPolicy = retryPolicy);
    }

    /**
     * A client whose transport is shared. The client derives its own from it and keeps of it exactly: the
     * connection pool, the dispatcher, the proxy and proxy selector, the proxy authenticator (consulted only on a
     * proxy's 407, and sending its credentials to that proxy), DNS, socket factories, TLS settings (socket
     * factory, trust manager, hostname verifier, certificate pinner, connection specs, protocols), the ping
     * interval, and its network interceptors. These run below the client's answer size limit and see every
     * request as sent, pass-key and tokens in its headers and the applicant's details in its body: they must
     * neither log nor keep them.
     *
     * <p>Everything else is replaced: the configured timeouts apply, OkHttp's silent retries and redirects are
     * off (the client's {@link RetryPolicy} retries), and the supplied client's application interceptors,
     * authenticator, cookie jar, cache and event listener are not used; add interceptors with
     * {@link #withInterceptor}.
     */
    public OneKycClientConfig withOkHttpClient(OkHttpClient okHttpClient) {
        if (okHttpClient == null) {
            throw new NullPointerException("okHttpClient == null");
        }
        return with(s -> s.okHttpClient = okHttpClient);
    }

    /**
     * Adds an interceptor that sees every request, after the client has set its headers. It sees tokens and
     * bodies: it must not log them.
     */
    public OneKycClientConfig withInterceptor(Interceptor interceptor) {
        if (interceptor == null) {
            throw new NullPointerException("interceptor == null");
        }
        return with(s -> s.interceptors = append(s.interceptors, interceptor));
    }

    public OneKycClientConfig withClock(Clock clock) {
        if (clock == null) {
            throw new NullPointerException("clock == null");
        }
        return with(s -> s.clock = clock);
    }

    public OneKycClientConfig withSleeper(Sleeper sleeper) {
        if (sleeper == null) {
            throw new NullPointerException("sleeper == null");
        }
        return with(s -> s.sleeper = sleeper);
    }

    public OneKycClientConfig withMetrics(ClientMetrics metrics) {
        if (metrics == null) {
            throw new NullPointerException("metrics == null");
        }
        return with(s -> s.metrics = metrics);
    }

    // ---- accessors ----

    public String esignTokenBaseUrl() {
        return settings.esignTokenBaseUrl;
    }

    public String coeTokenBaseUrl() {
        return settings.coeTokenBaseUrl;
    }

    public String gatewayBaseUrl() {
        return settings.gatewayBaseUrl;
    }

    /** Whether both credentials are set; they are never returned. */
    public boolean hasCredentials() {
        return settings.clientId != null && settings.passKey != null;
    }

    public String certRegOnboardingPartner() {
        return settings.certRegOnboardingPartner;
    }

    public String ktpScanOnboardingPartner() {
        return settings.ktpScanOnboardingPartner;
    }

    public String sivOnboardingPartner() {
        return settings.sivOnboardingPartner;
    }

    public ConsentTimestampUnit consentTimestampUnit() {
        return settings.consentTimestampUnit;
    }

    public Duration tokenRefreshMargin() {
        return settings.tokenRefreshMargin;
    }

    public Duration connectTimeout() {
        return settings.connectTimeout;
    }

    public Duration readTimeout() {
        return settings.readTimeout;
    }

    public Duration uploadTimeout() {
        return settings.uploadTimeout;
    }

    /** See {@link #withCallTimeout}. */
    public Duration callTimeout() {
        return settings.callTimeout != null ? settings.callTimeout
                : settings.connectTimeout.plus(settings.readTimeout.multipliedBy(2));
    }

    /**
     * The most one document upload may take: the connect timeout plus four times the upload timeout, since an
     * image of several MiB over a slow link may need minutes to send.
     */
    public Duration uploadCallTimeout() {
        return settings.connectTimeout.plus(settings.uploadTimeout.multipliedBy(4));
    }

    public RetryPolicy retryPolicy() {
        return settings.retryPolicy;
    }

    public Clock clock() {
        return settings.clock;
    }

    String clientId() {
        return settings.clientId;
    }

    String passKey() {
        return settings.passKey;
    }

    OkHttpClient okHttpClient() {
        return settings.okHttpClient;
    }

    List<Interceptor> interceptors() {
        return settings.interceptors;
    }

    Sleeper sleeper() {
        return settings.sleeper;
    }

    ClientMetrics metrics() {
        return settings.metrics;
    }

    @Override
    public String toString() {
        Settings s = settings;
        return "OneKycClientConfig[esignTokenBaseUrl=" + s.esignTokenBaseUrl
                + ", coeTokenBaseUrl=" + s.coeTokenBaseUrl
                + ", gatewayBaseUrl=" + s.gatewayBaseUrl
                + ", clientId=" + (s.clientId == null ? "unset" : "***")
                + ", passKey=" + (s.passKey == null ? "unset" : "***")
                + ", certRegOnboardingPartner=" + s.certRegOnboardingPartner
                + ", ktpScanOnboardingPartner=" + s.ktpScanOnboardingPartner
                + ", sivOnboardingPartner=" + s.sivOnboardingPartner
                + ", consentTimestampUnit=" + s.consentTimestampUnit
                + ", tokenRefreshMargin=" + s.tokenRefreshMargin
                + ", connectTimeout=" + s.connectTimeout
                + ", readTimeout=" + s.readTimeout
                + ", uploadTimeout=" + s.uploadTimeout
                + ", callTimeout=" + callTimeout()
                + ", retryPolicy=" + s.retryPolicy
                + ", okHttpClient=" + (s.okHttpClient == null ? "own" : "supplied")
                + ", interceptors=" + s.interceptors.size()
                + "]";
    }

    private OneKycClientConfig with(Consumer<Settings> change) {
        Settings copy = settings.copy();
        change.accept(copy);
        return new OneKycClientConfig(copy);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    static String baseUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute http or https URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(field + " must not carry a query or fragment");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    /**
     * A value sent as an HTTP header: printable ASCII only. OkHttp refuses anything else on every call, so a
     * character pasted in by mistake (a no-break space, a typographic dash) would otherwise fail each call
     * alike, as though the platform were unreachable. The message never repeats the value.
     */
    private static String requireHeaderValue(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String stripped = value.strip();
        if (!isHeaderValue(stripped)) {
            throw new IllegalArgumentException(field + " may hold only printable ASCII characters: it is sent in"
                    + " an HTTP header");
        }
        return stripped;
    }

    /** Whether {@code value} can be sent in an HTTP header as the client sends them: printable ASCII only. */
    public static boolean isHeaderValue(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static Duration requirePositive(String field, Duration value) {
        if (value == null) {
            throw new NullPointerException(field + " == null");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return value;
    }

    private static Duration requireNotNegative(String field, Duration value) {
        if (value == null) {
            throw new NullPointerException(field + " == null");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }

    /** Mutable only while a wither builds a new configuration; never after. */
    private static final class Settings {
        String esignTokenBaseUrl;
        String coeTokenBaseUrl;
        String gatewayBaseUrl;
        String clientId;
        String passKey;
        String certRegOnboardingPartner;
        String ktpScanOnboardingPartner;
        String sivOnboardingPartner;
        ConsentTimestampUnit consentTimestampUnit = ConsentTimestampUnit.MILLIS;
        Duration tokenRefreshMargin = Duration.ofSeconds(300);
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout = Duration.ofSeconds(30);
        Duration uploadTimeout = Duration.ofSeconds(120);
        /** Null: derived from the connect and read timeouts. */
        Duration callTimeout;
        RetryPolicy retryPolicy = RetryPolicy.defaults();
        OkHttpClient okHttpClient;
        List<Interceptor> interceptors = List.of();
        Clock clock = Clock.systemUTC();
        Sleeper sleeper = Sleeper.SYSTEM;
        ClientMetrics metrics = ClientMetrics.NONE;

        Settings copy() {
            Settings c = new Settings();
            c.esignTokenBaseUrl = esignTokenBaseUrl;
            c.coeTokenBaseUrl = coeTokenBaseUrl;
            c.gatewayBaseUrl = gatewayBaseUrl;
            c.clientId = clientId;
            c.passKey = passKey;
            c.certRegOnboardingPartner = certRegOnboardingPartner;
            c.ktpScanOnboardingPartner = ktpScanOnboardingPartner;
            c.sivOnboardingPartner = sivOnboardingPartner;
            c.consentTimestampUnit = consentTimestampUnit;
            c.tokenRefreshMargin = tokenRefreshMargin;
            c.connectTimeout = connectTimeout;
            c.readTimeout = readTimeout;
            c.uploadTimeout = uploadTimeout;
            c.callTimeout = callTimeout;
            c.retryPolicy = retryPolicy;
            c.okHttpClient = okHttpClient;
            c.interceptors = interceptors;
            c.clock = clock;
            c.sleeper = sleeper;
            c.metrics = metrics;
            return c;
        }
    }
}
