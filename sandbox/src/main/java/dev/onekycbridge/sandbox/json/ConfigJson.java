package dev.onekycbridge.sandbox.json;

import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackMethod;
import dev.onekycbridge.sandbox.CallbackRetry;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.ClientCredential;
import dev.onekycbridge.sandbox.Faults;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.security.Masking;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration as the control API shows it, and partial updates to it. Pass keys and callback auth values are
 * shown as {@code ***}; sending {@code ***} (or leaving the field out) keeps the current value, so what GET
 * returns can be PUT back unchanged.
 */
public final class ConfigJson {

    private static final Set<String> TOP = Set.of("defaultScenario", "processingDelayMillis", "completionDelayMillis",
            "tokenTtlSeconds", "coePartnerTokenTtlSeconds", "userTokenTtlSeconds", "esignTokenMissingHeaderCode",
            "coeDetailsUnauthorizedCode", "presignedUrlTtlSeconds", "coePresignedUrlTtlSeconds", "sivAutoComplete",
            "retentionSeconds", "credentials", "callbacks", "callbackRetry", "faults");
    private static final Set<String> TARGET = Set.of("url", "method", "authHeaderName", "authHeaderValue");
    private static final Set<String> RETRY = Set.of("maxAttempts", "initialBackoffMillis", "timeoutMillis");
    private static final Set<String> FAULTS = Set.of("errorRate", "errorStatus", "latencyMillisMax", "resetRate",
            "lostAnswerRate", "callbackDropRate", "callbackDuplicateRate", "callbackReorder", "callbackDelayMillis",
            "seed", "objectStore");
    private static final Set<String> CREDENTIAL = Set.of("clientId", "passKey", "onboardingPartners");

    private ConfigJson() {
    }

    public static JsonObject toJson(SandboxConfig config) {
        JsonArray credentials = new JsonArray();
        for (ClientCredential c : config.credentials()) {
            credentials.add(new JsonObject()
                    .put("clientId", c.clientId())
                    .put("passKey", Masking.MASK)
                    .put("onboardingPartners", new JsonArray(new ArrayList<>(new TreeSet<>(c.onboardingPartners())))));
        }
        JsonObject callbacks = new JsonObject();
        for (CallbackChannel channel : CallbackChannel.values()) {
            callbacks.put(channel.key(), config.callback(channel).map(ConfigJson::target).orElse(null));
        }
        CallbackRetry retry = config.callbackRetry();
        Faults f = config.faults();
        return new JsonObject()
                .put("defaultScenario", config.defaultScenario().name())
                .put("processingDelayMillis", config.processingDelayMillis())
                .put("completionDelayMillis", config.completionDelayMillis())
                .put("tokenTtlSeconds", config.tokenTtlSeconds())
                .put("coePartnerTokenTtlSeconds", config.coePartnerTokenTtlSeconds())
                .put("userTokenTtlSeconds", config.userTokenTtlSeconds())
                .put("esignTokenMissingHeaderCode", config.esignTokenMissingHeaderCode())
                .put("coeDetailsUnauthorizedCode", config.coeDetailsUnauthorizedCode())
                .put("presignedUrlTtlSeconds", config.presignedUrlTtlSeconds())
                .put("coePresignedUrlTtlSeconds", config.coePresignedUrlTtlSeconds())
                .put("sivAutoComplete", config.sivAutoComplete())
                .put("retentionSeconds", config.retentionSeconds())
                .put("credentials", credentials)
                .put("callbacks", callbacks)
                .put("callbackRetry", new JsonObject()
                        .put("maxAttempts", retry.maxAttempts())
                        .put("initialBackoffMillis", retry.initialBackoffMillis())
                        .put("timeoutMillis", retry.timeoutMillis()))
                .put("faults", new JsonObject()
                        .put("errorRate", f.errorRate())
                        .put("errorStatus", f.errorStatus())
                        .put("latencyMillisMax", f.latencyMillisMax())
                        .put("resetRate", f.resetRate())
                        .put("lostAnswerRate", f.lostAnswerRate())
                        .put("callbackDropRate", f.callbackDropRate())
                        .put("callbackDuplicateRate", f.callbackDuplicateRate())
                        .put("callbackReorder", f.callbackReorder())
                        .put("callbackDelayMillis", f.callbackDelayMillis())
                        .put("seed", f.seed())
                        .put("objectStore", f.objectStore()));
    }

    /**
     * {@code base} with the fields present in {@code patch} replaced.
     *
     * @throws IllegalArgumentException naming the first field that is unknown or invalid
     */
    public static SandboxConfig patch(SandboxConfig base, JsonObject patch) {
        known(patch, TOP, "");
        SandboxConfig next = base;
        if (patch.containsKey("defaultScenario")) {
            String name = text(patch, "defaultScenario");
            next = next.withDefaultScenario(Scenario.parse(name)
                    .orElseThrow(() -> new IllegalArgumentException("defaultScenario: unknown scenario " + name)));
        }
        if (patch.containsKey("processingDelayMillis")) {
            next = next.withProcessingDelayMillis(whole(patch, "processingDelayMillis"));
        }
        if (patch.containsKey("completionDelayMillis")) {
            next = next.withCompletionDelayMillis(whole(patch, "completionDelayMillis"));
        }
        if (patch.containsKey("tokenTtlSeconds")) {
            // Sets both partner tokens, as it did before the COE one had its own key; that key, if sent too, wins.
            next = next.withTokenTtlSeconds(whole(patch, "tokenTtlSeconds"));
        }
        if (patch.containsKey("coePartnerTokenTtlSeconds")) {
            next = next.withCoePartnerTokenTtlSeconds(whole(patch, "coePartnerTokenTtlSeconds"));
        }
        if (patch.containsKey("userTokenTtlSeconds")) {
            next = next.withUserTokenTtlSeconds(whole(patch, "userTokenTtlSeconds"));
        }
        if (patch.containsKey("esignTokenMissingHeaderCode")) {
            next = next.withEsignTokenMissingHeaderCode(missingHeaderCode(patch));
        }
        if (patch.containsKey("coeDetailsUnauthorizedCode")) {
            next = next.withCoeDetailsUnauthorizedCode(unauthorizedCode(patch));
        }
        if (patch.containsKey("presignedUrlTtlSeconds")) {
            // Sets both flows' upload URLs, as it did before KTP scans had their own key; that key, if sent too, wins.
            next = next.withPresignedUrlTtlSeconds(whole(patch, "presignedUrlTtlSeconds"));
        }
        if (patch.containsKey("coePresignedUrlTtlSeconds")) {
            next = next.withCoePresignedUrlTtlSeconds(whole(patch, "coePresignedUrlTtlSeconds"));
        }
        if (patch.containsKey("sivAutoComplete")) {
            next = next.withSivAutoComplete(flag(patch, "sivAutoComplete"));
        }
        if (patch.containsKey("retentionSeconds")) {
            next = next.withRetentionSeconds(whole(patch, "retentionSeconds"));
        }
        if (patch.containsKey("credentials")) {
            next = next.withCredentials(credentials(base, patch));
        }
        if (patch.containsKey("callbacks")) {
            next = callbacks(next, object(patch, "callbacks"));
        }
        if (patch.containsKey("callbackRetry")) {
            next = next.withCallbackRetry(retry(next.callbackRetry(), object(patch, "callbackRetry")));
        }
        if (patch.containsKey("faults")) {
            next = next.withFaults(faults(next.faults(), object(patch, "faults")));
        }
        return next;
    }

    private static JsonObject target(CallbackTarget t) {
        return new JsonObject()
                .put("url", t.url())
                .put("method", t.method().name())
                .put("authHeaderName", t.authHeaderName())
                .put("authHeaderValue", t.hasAuthHeader() ? Masking.MASK : null);
    }

    private static List<ClientCredential> credentials(SandboxConfig base, JsonObject patch) {
        Object value = patch.getValue("credentials");
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("credentials: expected an array");
        }
        List<ClientCredential> result = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof JsonObject json)) {
                throw new IllegalArgumentException("credentials: expected objects");
            }
            known(json, CREDENTIAL, "credentials.");
            String clientId = text(json, "clientId");
            Optional<ClientCredential> existing = base.credential(clientId);
            String passKey = json.getValue("passKey") instanceof String s && !Masking.MASK.equals(s) ? s
                    : existing.map(ClientCredential::passKey).orElseThrow(
                            () -> new IllegalArgumentException("credentials.passKey: required for a new clientId"));
            Set<String> partners = new LinkedHashSet<>();
            if (json.containsKey("onboardingPartners")) {
                if (!(json.getValue("onboardingPartners") instanceof JsonArray names)) {
                    throw new IllegalArgumentException("credentials.onboardingPartners: expected an array");
                }
                names.forEach(n -> partners.add(String.valueOf(n)));
            } else {
                existing.ifPresent(c -> partners.addAll(c.onboardingPartners()));
            }
            result.add(new ClientCredential(clientId, passKey, partners));
        }
        return result;
    }

    private static SandboxConfig callbacks(SandboxConfig base, JsonObject patch) {
        SandboxConfig next = base;
        for (Map.Entry<String, Object> entry : patch) {
            CallbackChannel channel = CallbackChannel.fromKey(entry.getKey()).orElseThrow(
                    () -> new IllegalArgumentException("callbacks: unknown channel " + entry.getKey()));
            if (entry.getValue() == null) {
                next = next.withoutCallback(channel);
                continue;
            }
            if (!(entry.getValue() instanceof JsonObject json)) {
                throw new IllegalArgumentException("callbacks." + channel.key() + ": expected an object or null");
            }
            known(json, TARGET, "callbacks." + channel.key() + ".");
            Optional<CallbackTarget> existing = base.callback(channel);
            String url = json.containsKey("url") ? text(json, "url") : existing.map(CallbackTarget::url)
                    .orElseThrow(() -> new IllegalArgumentException("callbacks." + channel.key() + ".url: required"));
            CallbackMethod method = json.containsKey("method") ? method(text(json, "method"))
                    : existing.map(CallbackTarget::method).orElse(CallbackMethod.POST);
            String headerName = json.containsKey("authHeaderName") ? textOrNull(json, "authHeaderName")
                    : existing.map(CallbackTarget::authHeaderName).orElse(null);
            String headerValue = existing.map(CallbackTarget::authHeaderValue).orElse(null);
            if (json.containsKey("authHeaderValue") && !Masking.MASK.equals(json.getValue("authHeaderValue"))) {
                headerValue = textOrNull(json, "authHeaderValue");
            }
            if (headerName == null) {
                headerValue = null;
            }
            next = next.withCallback(channel, new CallbackTarget(url, method, headerName, headerValue));
        }
        return next;
    }

    private static CallbackRetry retry(CallbackRetry base, JsonObject patch) {
        known(patch, RETRY, "callbackRetry.");
        return new CallbackRetry(
                patch.containsKey("maxAttempts") ? (int) whole(patch, "maxAttempts") : base.maxAttempts(),
                patch.containsKey("initialBackoffMillis") ? whole(patch, "initialBackoffMillis")
                        : base.initialBackoffMillis(),
                patch.containsKey("timeoutMillis") ? whole(patch, "timeoutMillis") : base.timeoutMillis());
    }

    private static Faults faults(Faults base, JsonObject patch) {
        known(patch, FAULTS, "faults.");
        Faults f = base;
        if (patch.containsKey("errorRate") || patch.containsKey("errorStatus")) {
            f = f.withErrorRate(patch.containsKey("errorRate") ? rate(patch, "errorRate") : f.errorRate(),
                    patch.containsKey("errorStatus") ? (int) whole(patch, "errorStatus") : f.errorStatus());
        }
        if (patch.containsKey("latencyMillisMax")) {
            f = f.withLatencyMillisMax(whole(patch, "latencyMillisMax"));
        }
        if (patch.containsKey("resetRate")) {
            f = f.withResetRate(rate(patch, "resetRate"));
        }
        if (patch.containsKey("lostAnswerRate")) {
            f = f.withLostAnswerRate(rate(patch, "lostAnswerRate"));
        }
        if (patch.containsKey("callbackDropRate")) {
            f = f.withCallbackDropRate(rate(patch, "callbackDropRate"));
        }
        if (patch.containsKey("callbackDuplicateRate")) {
            f = f.withCallbackDuplicateRate(rate(patch, "callbackDuplicateRate"));
        }
        if (patch.containsKey("callbackReorder")) {
            f = f.withCallbackReorder(flag(patch, "callbackReorder"));
        }
        if (patch.containsKey("callbackDelayMillis")) {
            f = f.withCallbackDelayMillis(whole(patch, "callbackDelayMillis"));
        }
        if (patch.containsKey("seed")) {
            f = f.withSeed(patch.getValue("seed") == null ? null : whole(patch, "seed"));
        }
        if (patch.containsKey("objectStore")) {
            f = f.withObjectStore(flag(patch, "objectStore"));
        }
        return f;
    }

    private static void known(JsonObject json, Set<String> fields, String prefix) {
        for (String key : json.fieldNames()) {
            if (!fields.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown field");
            }
        }
    }

    private static CallbackMethod method(String name) {
        try {
            return CallbackMethod.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("callbacks.method: POST, PUT or PATCH");
        }
    }

    private static String text(JsonObject json, String key) {
        if (!(json.getValue(key) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException(key + ": expected a non-empty string");
        }
        return value;
    }

    /** Not getString, which would take a number or an object as its Java text and send that as the header. */
    private static String textOrNull(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(key + ": expected a string or null");
        }
        return (String) value;
    }

    private static long whole(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException(key + ": expected a whole number");
    }

    private static int missingHeaderCode(JsonObject json) {
        long code = whole(json, "esignTokenMissingHeaderCode");
        if (code != SandboxConfig.TOKEN_PAGE_MISSING_HEADER_CODE
                && code != SandboxConfig.ERROR_PAGE_MISSING_HEADER_CODE) {
            throw new IllegalArgumentException("esignTokenMissingHeaderCode: 1650 or 1539");
        }
        return (int) code;
    }

    private static int unauthorizedCode(JsonObject json) {
        long code = whole(json, "coeDetailsUnauthorizedCode");
        if (code != SandboxConfig.ERROR_PAGE_UNAUTHORIZED_CODE
                && code != SandboxConfig.DETAILS_PAGE_UNAUTHORIZED_CODE) {
            throw new IllegalArgumentException("coeDetailsUnauthorizedCode: 110 or 1539");
        }
        return (int) code;
    }

    private static double rate(JsonObject json, String key) {
        if (!(json.getValue(key) instanceof Number value)) {
            throw new IllegalArgumentException(key + ": expected a number within 0..1");
        }
        return value.doubleValue();
    }

    private static boolean flag(JsonObject json, String key) {
        if (!(json.getValue(key) instanceof Boolean value)) {
            throw new IllegalArgumentException(key + ": expected true or false");
        }
        return value;
    }

    private static JsonObject object(JsonObject json, String key) {
        if (!(json.getValue(key) instanceof JsonObject value)) {
            throw new IllegalArgumentException(key + ": expected an object");
        }
        return value;
    }
}
