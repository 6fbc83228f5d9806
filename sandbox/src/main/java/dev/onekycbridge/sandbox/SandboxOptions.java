package dev.onekycbridge.sandbox;

import java.util.Objects;

/**
 * How to start a sandbox.
 *
 * @param port          TCP port; 0 picks a free one
 * @param host          interface to bind, 127.0.0.1 by default
 * @param publicBaseUrl base URL written into presigned and launch URLs when the sandbox is reached through
 *                      another address (a proxy, a container); null means {@link SandboxServer#baseUrl()}
 * @param config        the configuration at start, and the one {@code /_sandbox/reset} returns to
 */
public record SandboxOptions(int port, String host, String publicBaseUrl, SandboxConfig config) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public SandboxOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(config, "config");
        if (publicBaseUrl != null && publicBaseUrl.endsWith("/")) {
            publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
        }
    }

    /** Without a public base URL: presigned and launch URLs use {@link SandboxServer#baseUrl()}. */
    public SandboxOptions(int port, String host, SandboxConfig config) {
        this(port, host, null, config);
    }

    /** A free port on 127.0.0.1 with {@link SandboxConfig#defaults()}. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(0, DEFAULT_HOST, null, SandboxConfig.defaults());
    }

    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(newPort, host, publicBaseUrl, config);
    }

    public SandboxOptions withHost(String newHost) {
        return new SandboxOptions(port, newHost, publicBaseUrl, config);
    }

    public SandboxOptions withPublicBaseUrl(String url) {
        return new SandboxOptions(port, host, url, config);
    }

    public SandboxOptions withConfig(SandboxConfig newConfig) {
        return new SandboxOptions(port, host, publicBaseUrl, newConfig);
    }
}
