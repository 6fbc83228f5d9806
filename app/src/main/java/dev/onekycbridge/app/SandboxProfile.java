package dev.onekycbridge.app;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxHost;
import dev.onekycbridge.sandbox.SandboxServer;
import java.util.Map;

/**
 * The configuration that points the bridge at an embedded sandbox, with the sandbox's default credentials, and takes
 * the sandbox's callbacks: they come from this machine, which a deployment's allow-list of the platform's addresses
 * would refuse, and the results would then come only by polling, after BRIDGE_POLL_AFTER.
 */
public final class SandboxProfile {
    private SandboxProfile() {
    }

    /**
     * Each of the platform's three hosts gets the sandbox's address for that host, which answers 404 to the paths of
     * the other two: a call sent to the wrong host fails here, not first in staging.
     */
    public static Map<String, String> settingsFor(SandboxServer sandbox) {
        return settings(sandbox.esignTokenBaseUrl(), sandbox.coeTokenBaseUrl(), sandbox.gatewayBaseUrl());
    }

    /** The same for a sandbox at {@code baseUrl}, e.g. to check the rest of a configuration before starting one. */
    public static Map<String, String> settingsFor(String baseUrl) {
        return settings(SandboxHost.ESIGN_TOKEN.baseUrl(baseUrl), SandboxHost.COE_TOKEN.baseUrl(baseUrl),
                SandboxHost.GATEWAY.baseUrl(baseUrl));
    }

    private static Map<String, String> settings(String esignToken, String coeToken, String gateway) {
        return Map.of(
                "BRIDGE_CALLBACK_ALLOWED_IPS", "",
                "BRIDGE_TRUSTED_PROXIES", "",
                "ONEKYC_AUTH_BASE_URL", esignToken,
                "ONEKYC_COE_AUTH_BASE_URL", coeToken,
                "ONEKYC_API_BASE_URL", gateway,
                "ONEKYC_CLIENT_ID", SandboxConfig.DEFAULT_CLIENT_ID,
                "ONEKYC_PASS_KEY", SandboxConfig.DEFAULT_PASS_KEY,
                "ONEKYC_ONBOARDING_PARTNER", SandboxConfig.CERT_REG_PARTNER,
                "ONEKYC_COE_ONBOARDING_PARTNER", SandboxConfig.KTP_SCAN_PARTNER,
                "ONEKYC_SIV_ONBOARDING_PARTNER", SandboxConfig.SIV_PARTNER);
    }
}
