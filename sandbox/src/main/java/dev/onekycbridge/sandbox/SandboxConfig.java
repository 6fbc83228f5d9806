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
 * @param tokenTtlSeconds         lifetime of partner and user tokens
 * @param presignedUrlTtlSeconds  lifetime of presigned object-store URLs
 * @param sivAutoComplete         whether an SIV user's SDK journey finishes by itself after the processing delay
 * @param credentials             the partners allowed in
 * @param callbacks               callback endpoint per channel; a channel without one sends nothing
 * @param callbackRetry           callback retry policy
 * @param faults                  injected faults
 */
public record SandboxConfig(
        Scenario defaultScenario,
        long processingDelayMillis,
        long completionDelayMillis,
        long tokenTtlSeconds,
        long presignedUrlTtlSeconds,
        boolean sivAutoComplete,
        List<ClientCredential> credentials,
        Map<CallbackChannel, CallbackTarget> callbacks,
        CallbackRetry callbackRetry,
        Faults faults) {

    public static final String DEFAULT_CLIENT_ID = "sandbox-client-id";
    public static final String DEFAULT_PASS_KEY = "sandbox-pass-key";
    public static final String CERT_REG_PARTNER = "SANDBOX-BE-CERT_REG";
    public static final String KTP_SCAN_PARTNER = "SANDBOX-SDK-KTP_SCAN";
    public static final String SIV_PARTNER = "SANDBOX-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION";

    public SandboxConfig {
        Objects.requireNonNull(defaultScenario, "defaultScenario");
        Objects.requireNonNull(callbackRetry, "callbackRetry");
        Objects.requireNonNull(faults, "faults");
        if (processingDelayMillis < 0 || completionDelayMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (tokenTtlSeconds < 1 || presignedUrlTtlSeconds < 1) {
            throw new IllegalArgumentException("tokenTtlSeconds and presignedUrlTtlSeconds must be at least 1");
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
        return new SandboxConfig(Scenario.VALID, 300, 300, 1_800, 432_000, true, List.of(client), Map.of(),
                CallbackRetry.defaults(), Faults.none());
    }

    public Optional<ClientCredential> credential(String clientId) {
        return credentials.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public Optional<CallbackTarget> callback(CallbackChannel channel) {
        return Optional.ofNullable(callbacks.get(channel));
    }

    public SandboxConfig withDefaultScenario(Scenario scenario) {
        return new SandboxConfig(scenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withProcessingDelayMillis(long millis) {
        return new SandboxConfig(defaultScenario, millis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withCompletionDelayMillis(long millis) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, millis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withTokenTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, seconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withPresignedUrlTtlSeconds(long seconds) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                seconds, sivAutoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withSivAutoComplete(boolean autoComplete) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, autoComplete, credentials, callbacks, callbackRetry, faults);
    }

    public SandboxConfig withCredentials(List<ClientCredential> newCredentials) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, newCredentials, callbacks, callbackRetry, faults);
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
                presignedUrlTtlSeconds, sivAutoComplete, credentials, next, callbackRetry, faults);
    }

    public SandboxConfig withoutCallback(CallbackChannel channel) {
        return withCallback(channel, null);
    }

    public SandboxConfig withCallbackRetry(CallbackRetry retry) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, retry, faults);
    }

    public SandboxConfig withFaults(Faults newFaults) {
        return new SandboxConfig(defaultScenario, processingDelayMillis, completionDelayMillis, tokenTtlSeconds,
                presignedUrlTtlSeconds, sivAutoComplete, credentials, callbacks, callbackRetry, newFaults);
    }
}
