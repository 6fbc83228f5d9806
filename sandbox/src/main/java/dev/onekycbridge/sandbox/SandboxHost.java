package dev.onekycbridge.sandbox;

import java.util.function.Predicate;

/**
 * The platform's three hosts (onekyc-api.md §1): the Esign token host, the COE token host and the gateway. The
 * sandbox serves each under a path prefix of its own, {@code <baseUrl>/esign-token} and so on, where the paths of
 * the other two answer 404: a client that sends a call to the wrong host fails against the sandbox as it would
 * against the platform. The plain base URL keeps serving every path, the object store and the control API.
 */
public enum SandboxHost {
    ESIGN_TOKEN("/esign-token", path -> path.equals("/v1/esign/partner/authentication")),
    COE_TOKEN("/coe-token", path -> path.equals("/v1/coe/partner/authentication")
            || path.equals("/v2/coe/authentication")),
    GATEWAY("/gateway", path -> path.startsWith("/esign-partner/") || path.startsWith("/coe/"));

    private final String prefix;
    private final Predicate<String> serves;

    SandboxHost(String prefix, Predicate<String> serves) {
        this.prefix = prefix;
        this.serves = serves;
    }

    /** The path prefix, e.g. {@code /esign-token}. */
    public String prefix() {
        return prefix;
    }

    /** This host's base URL on a sandbox at {@code sandboxBaseUrl}, e.g. {@code http://127.0.0.1:8090/gateway}. */
    public String baseUrl(String sandboxBaseUrl) {
        String base = sandboxBaseUrl.endsWith("/")
                ? sandboxBaseUrl.substring(0, sandboxBaseUrl.length() - 1) : sandboxBaseUrl;
        return base + prefix;
    }

    /** Whether the platform serves {@code path} (without the prefix) on this host. */
    public boolean serves(String path) {
        return serves.test(path);
    }
}
