package dev.onekycbridge.sandbox;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a test or an operator may change at run time; the control API reads and patches it.
 *
 * @param defaultScenario         outcome for partner user ids that name none
 * @param processingDelayMillis   from confirm (or a finished SDK journey) to the first result
 * @param completionDelayMillis   from PARTIALLY_COMPLETED to COMPLETED
 * @param tokenTtlSeconds         lifetime of the Esign partner token (onekyc-api.md §3.1: 1800)
 * @param coePartnerTokenTtlSeconds lifetime of the COE partner token (onekyc-api.md §6.1: 3600)
 * @param userTokenTtlSeconds     lifetime of COE user tokens (onekyc-api.md §6.2: 5184000, 60 days)
 * @param esignTokenMissingHeaderCode the code of the Esign token's missing-header errors: 1650 as on the token's
 *                                own pages, or 1539 as on the error-code page (onekyc-api.md §3.1, §10)
 * @param coeDetailsUnauthorizedCode the code of COE Get Submission Details' 401: 110 as on the error-code page, or
 *                                1539 as on the endpoint's own page (onekyc-api.md §6.5, §10)
 * @param presignedUrlTtlSeconds  lifetime of Esign's upload URLs (CERT_REG: 432000) and of the download URLs in
 *                                results
 * @param coePresignedUrlTtlSeconds lifetime of COE's upload URLs (KTP_SCAN: 600)
 * @param sivAutoComplete         whether an SIV user's SDK journey finishes by itself after the processing delay
 * @param credentials             the partners allowed in
 * @param callbacks               callback endpoint per channel; a channel without one sends nothing
 * @param callbackRetry           callback retry policy
 * @param faults                  injected faults
 * @param retentionSeconds        how long a submission is kept once nothing more will happen to it (it finished,
 *                                or it was abandoned), with its documents and callback records
 */
public record SandboxConfig(
        Scenario defaultScenario,
        long processingDelayMillis,
        long completionDelayMillis,
        long tokenTtlSeconds,
        long coePartnerTokenTtlSeconds,
        long userTokenTtlSeconds,
        int esignTokenMissingHeaderCode,
        int coeDetailsUnauthorizedCode,
        long presignedUrlTtlSeconds,
        long coePresignedUrlTtlSeconds,
        boolean sivAutoComplete,
        List<ClientCredential> credentials,
        Map<CallbackChannel, CallbackTarget> callbacks,
        CallbackRetry callbackRetry,
        Faults faults,
        long retentionSeconds) {

    public static final String DEFAULT_CLIENT_ID = "sandbox-client-id";
    public static final String DEFAULT_PASS_KEY = "sandbox-pass-key";
    public static final String CERT_REG_PARTNER = "SANDBOX-BE-CERT_REG";
    public static final String KTP_SCAN_PARTNER = "SANDBOX-SDK-KTP_SCAN";
    public static final String SIV_PARTNER = "SANDBOX-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION";
    /** The Esign partner token's published lifetime (onekyc-api.md §3.1: 30 minutes). */
    public static final long DEFAULT_ESIGN_PARTNER_TOKEN_TTL_SECONDS = 1_800;
    /** The COE partner token's published lifetime (onekyc-api.md §6.1: "typically 1 hour", example 3600). */
    public static final long DEFAULT_COE_PARTNER_TOKEN_TTL_SECONDS = 3_600;
    /** The COE user token's published lifetime (onekyc-api.md §6.2). */
    public static final long DEFAULT_USER_TOKEN_TTL_SECONDS = 5_184_000;
    /** Esign's upload URLs (CERT_REG), as published: {@code expiryInSeconds "432000"}, 5 days. */
    public static final long DEFAULT_PRESIGNED_URL_TTL_SECONDS = 432_000;
    /** COE's upload URLs (KTP_SCAN), as published: {@code expiryInSeconds "600"}. */
    public static final long DEFAULT_COE_PRESIGNED_URL_TTL_SECONDS = 600;
    /** Missing {@code client-id} / {@code pass-key} on the Esign token, as its own pages publish it. */
    public static final int TOKEN_PAGE_MISSING_HEADER_CODE = 1650;
    /** The same, as the error-code page publishes it. */
    public static final int ERROR_PAGE_MISSING_HEADER_CODE = 1539;
    /** COE Get Submission Details' 401, as the error-code page publishes it. */
    public static final int ERROR_PAGE_UNAUTHORIZED_CODE = 110;
    /** The same, as the endpoint's own page publishes it. */
    public static final int DETAILS_PAGE_UNAUTHORIZED_CODE = 1539;
    /** Far beyond any lifetime the platform gives; a longer one would put an expiry past what a date can hold. */
    public static final long MAX_TTL_SECONDS = 100L * 365 * 24 * 3600;
    /** A day: longer than any soak or benchmark, short enough that steady traffic does not pile up. */
    public static final long DEFAULT_RETENTION_SECONDS = 86_400;

    public SandboxConfig {
        Objects.requireNonNull(defaultScenario, "defaultScenario");
        Objects.requireNonNull(callbackRetry, "callbackRetry");
        Objects.requireNonNull(faults, "faults");
        if (processingDelayMillis < 0 || completionDelayMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        for (long ttl : new long[] {tokenTtlSeconds, coePartnerTokenTtlSeconds, userTokenTtlSeconds,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds}) {
            if (ttl < 1) {
                throw new IllegalArgumentException("tokenTtlSeconds, coePartnerTokenTtlSeconds, userTokenTtlSeconds, "
                        + "presignedUrlTtlSeconds and coePresignedUrlTtlSeconds must be at least 1");
            }
            if (ttl > MAX_TTL_SECONDS) {
                throw new IllegalArgumentException("tokenTtlSeconds, coePartnerTokenTtlSeconds, userTokenTtlSeconds, "
                        + "presignedUrlTtlSeconds and coePresignedUrlTtlSeconds must be at most " + MAX_TTL_SECONDS
                        + " (100 years)");
            }
        }
        if (retentionSeconds < 1) {
            throw new IllegalArgumentException("retentionSeconds must be at least 1");
        }
        if (esignTokenMissingHeaderCode != TOKEN_PAGE_MISSING_HEADER_CODE
                && esignTokenMissingHeaderCode != ERROR_PAGE_MISSING_HEADER_CODE) {
            throw new IllegalArgumentException("esignTokenMissingHeaderCode must be 1650 or 1539");
        }
        if (coeDetailsUnauthorizedCode != ERROR_PAGE_UNAUTHORIZED_CODE
                && coeDetailsUnauthorizedCode != DETAILS_PAGE_UNAUTHORIZED_CODE) {
            throw new IllegalArgumentException("coeDetailsUnauthorizedCode must be 110 or 1539");
        }
        credentials = List.copyOf(credentials);
        if (credentials.stream().map(ClientCredential::clientId).distinct().count() != credentials.size()) {
            throw new IllegalArgumentException("clientIds must be unique");
        }
        callbacks = Map.copyOf(callbacks);
    }

    /** The documented defaults: one client with the three sandbox onboarding partners, no callbacks, no faults. */
    public static SandboxConfig defaults() {
        ClientCredential client = new ClientCredential(DEFAULT_CLIENT_ID, DEFAULT_PASS_KEY,
                Set.of(CERT_REG_PARTNER, KTP_SCAN_PARTNER, SIV_PARTNER));
        return new SandboxConfig(Scenario.VALID, 300, 300, DEFAULT_ESIGN_PARTNER_TOKEN_TTL_SECONDS,
                DEFAULT_COE_PARTNER_TOKEN_TTL_SECONDS, DEFAULT_USER_TOKEN_TTL_SECONDS, TOKEN_PAGE_MISSING_HEADER_CODE,
                ERROR_PAGE_UNAUTHORIZED_CODE, DEFAULT_PRESIGNED_URL_TTL_SECONDS, DEFAULT_COE_PRESIGNED_URL_TTL_SECONDS,
                true, List.of(client), Map.of(), CallbackRetry.defaults(), Faults.none(), DEFAULT_RETENTION_SECONDS);
    }

    public Optional<ClientCredential> credential(String clientId) {
        return credentials.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public Optional<CallbackTarget> callback(CallbackChannel channel) {
        return Optional.ofNullable(callbacks.get(channel));
    }

    public SandboxConfig withDefaultScenario(Scenario scenario) {
        return new SandboxConfig(scenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withProcessingDelayMillis(long millis) {
        return new SandboxConfig(defaultScenario, millis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withCompletionDelayMillis(long millis) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, millis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    /**
     * Both partner tokens' lifetime, as this one setting was before the COE partner token had its own: a test that
     * shortens it shortens both. {@link #withCoePartnerTokenTtlSeconds} then sets the COE one alone.
     */
    public SandboxConfig withTokenTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, seconds, seconds,
                userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode, presignedUrlTtlSeconds,
                coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults,
                retentionSeconds);
    }

    public SandboxConfig withCoePartnerTokenTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                seconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withUserTokenTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, seconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withEsignTokenMissingHeaderCode(int code) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, code, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withCoeDetailsUnauthorizedCode(int code) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, code,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    /**
     * Both flows' upload URL lifetime, as this one setting was before KTP scans had their own: a test that shortens
     * it shortens both. {@link #withCoePresignedUrlTtlSeconds} then sets the KTP scans' alone.
     */
    public SandboxConfig withPresignedUrlTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                seconds, seconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withCoePresignedUrlTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, seconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults,
                retentionSeconds);
    }

    public SandboxConfig withSivAutoComplete(boolean autoComplete) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, autoComplete, credentials, callbacks, callbackRetry,
                faults, retentionSeconds);
    }

    public SandboxConfig withCredentials(List<ClientCredential> newCredentials) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, newCredentials, callbacks,
                callbackRetry, faults, retentionSeconds);
    }

    public SandboxConfig withCallback(CallbackChannel channel, CallbackTarget target) {
        Map<CallbackChannel, CallbackTarget> next = new EnumMap<>(CallbackChannel.class);
        next.putAll(callbacks);
        if (target == null) {
            next.remove(channel);
        } else {
            next.put(channel, target);
        }
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, next, callbackRetry,
                faults, retentionSeconds);
    }

    public SandboxConfig withoutCallback(CallbackChannel channel) {
        return withCallback(channel, null);
    }

    public SandboxConfig withCallbackRetry(CallbackRetry retry) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, retry,
                faults, retentionSeconds);
    }

    public SandboxConfig withRetentionSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, faults, seconds);
    }

    public SandboxConfig withFaults(Faults newFaults) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                coePartnerTokenTtlSeconds, userTokenTtlSeconds, esignTokenMissingHeaderCode, coeDetailsUnauthorizedCode,
                presignedUrlTtlSeconds, coePresignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks,
                callbackRetry, newFaults, retentionSeconds);
    }
}
