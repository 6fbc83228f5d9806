package dev.onekycbridge.app;

import dev.onekycbridge.adapter.onekyc.ClientMetrics;
import dev.onekycbridge.adapter.web.BridgeWebServer;
import dev.onekycbridge.adapter.web.DiskReserve;
import dev.onekycbridge.adapter.web.Metrics;
import dev.onekycbridge.adapter.persistence.StoreHealth;
import dev.onekycbridge.adapter.web.ReadinessCheck;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.adapter.web.WebPorts;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.app.config.Secret;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The service: the bridge with its workers, behind the web adapter's callback receivers and partner API. Closing
 * it first answers readiness DOWN while it goes on serving for the configured shutdown delay, then stops taking
 * requests and claiming work, answers the requests in flight while the workers finish their steps, cuts off the
 * steps still waiting on the platform, and closes the store and client.
 */
public final class RunningService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningService.class.getName());
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final BridgeWebServer web;
    private final OneKycBridge bridge;
    private final Metrics metrics;
    private final String host;
    private final Duration shutdownDelay;
    /** Set as closing begins: readiness answers DOWN from then on. */
    private final AtomicBoolean stopping;
    private final CountDownLatch delayCutShort = new CountDownLatch(1);
    private volatile boolean closed;

    private RunningService(Vertx vertx, BridgeWebServer web, OneKycBridge bridge, Metrics metrics, String host,
                           Duration shutdownDelay, AtomicBoolean stopping) {
        this.vertx = vertx;
        this.web = web;
        this.bridge = bridge;
        this.metrics = metrics;
        this.host = host;
        this.shutdownDelay = shutdownDelay;
        this.stopping = stopping;
    }

    /**
     * Starts the service for this configuration, with the workers that drive every submission due and apply the
     * callbacks, and the retention purge.
     *
     * @param sandbox an embedded sandbox whose callbacks should come to this service, or null
     * @param customize a last change to the bridge's builder (tests use it for short timings), or identity
     */
    public static RunningService start(BridgeConfig config, SandboxServer sandbox,
                                       UnaryOperator<OneKycBridge.Builder> customize) {
        return start(config, sandbox, customize, true);
    }

    /**
     * Starts the service for this configuration with no workers: for a command that drives its own submission alone
     * ({@link OneKycBridge#startWorkersFor(dev.onekycbridge.core.submission.SubmissionId, boolean)}) in a database
     * that may hold others.
     */
    public static RunningService startWithoutWorkers(BridgeConfig config, SandboxServer sandbox,
                                                     UnaryOperator<OneKycBridge.Builder> customize) {
        return start(config, sandbox, customize, false);
    }

    private static RunningService start(BridgeConfig config, SandboxServer sandbox,
                                        UnaryOperator<OneKycBridge.Builder> customize, boolean withWorkers) {
        checkCallbackProtection(config);
        warnOfAnOpenPartnerApi(config);
        checkHostAndPort(config);
        Metrics metrics = new Metrics();
        OneKycBridge bridge = customize.apply(OneKycBridge.builder().config(config)
                        .observers(metrics, metrics, clientMetrics(metrics)).listener(metrics))
                .build();
        Vertx vertx = Vertx.vertx(vertxOptions());
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            WebPorts ports = new WebPorts(bridge.certificateRegistrations(), bridge.ktpScans(),
                    bridge.identityVerifications(), bridge.callbacks(), bridge.submissions(), bridge.submissionList(),
                    bridge.catalog(), bridge::callbacksWaiting, readiness(bridge, stopping), metrics);
            WebConfig web = WebConfig.defaults().withHost(config.httpHost()).withPort(config.httpPort())
                    .withApiKey(value(config.apiKey())).withCallbackAuth(value(config.callbackAuth()))
                    .withApiKeyPrevious(value(config.apiKeyPrevious()))
                    .withCallbackAuthPrevious(value(config.callbackAuthPrevious()))
                    .withAllowedCallbackCidrs(config.callbackAllowedIps()).withTrustedProxies(config.trustedProxies())
                    .withIdleTimeout(config.httpIdleTimeout()).withRequestTimeout(config.httpRequestTimeout())
                    .withUploadsDirectory(config.uploadsDirectory());
            // On SQLite the staged images, the callbacks and the submissions share the database's disk.
            Path imageFolder = OneKycBridge.databaseConfig(config).imageFolder();
            web = web.withDiskReserve(new DiskReserve(config.diskReserve(),
                    imageFolder == null ? List.of() : List.of(imageFolder)));
            BridgeWebServer server;
            try {
                server = await(BridgeWebServer.start(vertx, web, ports).toCompletionStage().toCompletableFuture());
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof java.net.BindException bind) {
                    throw portTaken(config, bind);
                }
                if (e.getCause() instanceof java.net.UnknownHostException) {
                    throw unknownHost(config, e.getCause());
                }
                if (e.getCause() instanceof java.io.IOException uploads) {
                    // The uploads directory could not be made private (another user's, not a directory): the
                    // default one, in the shared temporary directory, is the one anybody may have created first.
                    throw new ConfigException(List.of("BRIDGE_UPLOADS_DIR: " + uploads.getMessage()
                            + (config.uploadsDir() == null ? " (it is the default; set BRIDGE_UPLOADS_DIR to a"
                            + " directory of the service's own)" : "")), uploads);
                }
                throw e;
            }
            metrics.countStoreWriteFailuresWith(bridge::storeWriteFailures);
            RunningService service = new RunningService(vertx, server, bridge, metrics,
                    reachableHost(config.httpHost()), config.shutdownDelay(), stopping);
            if (sandbox != null) {
                service.routeSandboxCallbacks(sandbox, config);
            }
            if (withWorkers) {
                bridge.startWorkers();
            }
            LOG.log(System.Logger.Level.INFO, "serving on port " + server.port() + ", " + config.describeFlows());
            return service;
        } catch (RuntimeException e) {
            bridge.close();
            vertx.close();
            throw e;
        }
    }

    /**
     * Vert.x without its class-path file cache, which nothing here reads (the OpenAPI document is read as a
     * resource): the cache's own JVM shutdown hook deletes its folder while the service's hook still answers the
     * requests in flight, and every upload file opened after that failed with a 500.
     */
    static VertxOptions vertxOptions() {
        return new VertxOptions().setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                .setClassPathResolvingEnabled(false));
    }

    /**
     * Refuses to take unchecked callbacks beside the published platform, where a forged one would set a real
     * user's result; warns of them beside any platform not on this machine. Allowing every address
     * ({@code 0.0.0.0/0,::/0}) says that something in front of the service checks them.
     */
    private static void checkCallbackProtection(BridgeConfig config) {
        if (!config.callbacksUnchecked()) {
            return;
        }
        if (config.platformIsPublished()) {
            throw new ConfigException(List.of("BRIDGE_CALLBACK_AUTH or BRIDGE_CALLBACK_ALLOWED_IPS: one is required"
                    + " with the platform's own hosts, or anyone who reaches /callbacks/* can set a submission's"
                    + " result (an identity verification's by its partner user id alone). Set"
                    + " BRIDGE_CALLBACK_AUTH to the Authorization value agreed with OneKYC, or"
                    + " BRIDGE_CALLBACK_ALLOWED_IPS to the platform's addresses (0.0.0.0/0,::/0 if a proxy in front"
                    + " checks them)"));
        }
        if (!config.platformIsLocal()) {
            LOG.log(System.Logger.Level.WARNING, "callbacks are taken from anyone (neither BRIDGE_CALLBACK_AUTH nor"
                    + " BRIDGE_CALLBACK_ALLOWED_IPS is set): anyone who reaches /callbacks/* can set a submission's"
                    + " result");
        }
    }

    /**
     * Warns of a partner API without a key beside a platform not on this machine (the platform's own hosts, or a
     * proxy to them): anyone who reaches the service can then register users and read their results. Only a
     * warning, as an open API is a documented choice (a gateway in front may check the callers).
     */
    private static void warnOfAnOpenPartnerApi(BridgeConfig config) {
        if (config.apiKey() == null && !config.platformIsLocal()) {
            LOG.log(System.Logger.Level.WARNING, "the partner API accepts requests without a key (BRIDGE_API_KEY is"
                    + " not set): anyone who reaches it can start submissions and read their results; set"
                    + " BRIDGE_API_KEY unless something in front of the service checks the callers");
        }
    }

    /**
     * Refuses a host name that names no address, and a port that is taken, before the store is opened: opening
     * migrates it, and an earlier release still listening there (the usual cause of a taken port) would then run on a
     * schema it does not know.
     */
    private static void checkHostAndPort(BridgeConfig config) {
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(config.httpHost(), config.httpPort());
        if (address.isUnresolved()) {
            throw unknownHost(config, null);
        }
        if (config.httpPort() == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (java.net.BindException e) {
            throw portTaken(config, e);
        } catch (java.io.IOException | RuntimeException e) {
            // Anything else is told as the server itself fails to listen.
        }
    }

    /** A mistyped host name: a setting to correct, not a failure of the service. */
    private static ConfigException unknownHost(BridgeConfig config, Throwable cause) {
        return new ConfigException(List.of("BRIDGE_HTTP_HOST: cannot listen on " + config.httpHost()
                + " (no address of that name)"), cause);
    }

    /** Commonly another service on 8080: say which setting moves it, not only the JDK's words. */
    private static ConfigException portTaken(BridgeConfig config, java.net.BindException e) {
        return new ConfigException(List.of("BRIDGE_HTTP_HOST / BRIDGE_HTTP_PORT: cannot listen on "
                + config.httpHost() + ":" + config.httpPort() + " (" + e.getMessage() + ")"), e);
    }

    public int port() {
        return web.port();
    }

    /**
     * Where this machine reaches the service (the sandbox's callbacks, the demo's requests): the configured host,
     * or for a wildcard address the loopback of its family.
     */
    public String baseUrl() {
        return "http://" + host + ":" + web.port();
    }

    /** A host to listen on as a URL names it: an IPv6 address in brackets, a wildcard as its loopback. */
    static String reachableHost(String listenedOn) {
        String bare = listenedOn.startsWith("[") && listenedOn.endsWith("]")
                ? listenedOn.substring(1, listenedOn.length() - 1) : listenedOn;
        if (!bare.contains(":")) {
            return bare.equals("0.0.0.0") ? "127.0.0.1" : bare;
        }
        try {
            // An IPv6 literal, read without a lookup: "::" is one of the wildcard's spellings.
            return java.net.InetAddress.getByName(bare).isAnyLocalAddress() ? "[::1]" : "[" + bare + "]";
        } catch (java.net.UnknownHostException e) {
            return "[" + bare + "]";
        }
    }

    public OneKycBridge bridge() {
        return bridge;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Points the embedded sandbox's callbacks at this service's receivers, with the configured auth. */
    private void routeSandboxCallbacks(SandboxServer sandbox, BridgeConfig config) {
        Map<CallbackChannel, String> paths = Map.of(CallbackChannel.ESIGN, "/callbacks/esign",
                CallbackChannel.COE, "/callbacks/coe", CallbackChannel.SIV, "/callbacks/siv");
        sandbox.control().updateConfig(current -> {
            var next = current;
            for (var entry : paths.entrySet()) {
                CallbackTarget target = CallbackTarget.post(baseUrl() + entry.getValue());
                if (config.callbackAuth() != null) {
                    target = target.withAuthHeader("Authorization", config.callbackAuth().value());
                }
                next = next.withCallback(entry.getKey(), target);
            }
            return next;
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping.set(true);
        awaitShutdownDelay();
        // The workers stop claiming at once and finish their steps while the requests in flight are answered: one
        // grace for both, and no new step starts while callbacks can no longer come in.
        java.util.concurrent.CompletableFuture<Void> draining = web.close().toCompletionStage().toCompletableFuture();
        bridge.stopWorkers(SHUTDOWN_GRACE);
        try {
            await(draining);
        } catch (RuntimeException e) {
            // Closing continues: the store must still close cleanly.
        }
        bridge.close();
        try {
            await(vertx.close().toCompletionStage().toCompletableFuture());
        } catch (RuntimeException e) {
            // Nothing is left to save at this point.
        }
    }

    /** Ends the shutdown delay now, if it runs or is still to come: the stop is wanted at once. */
    public void cutShutdownDelayShort() {
        delayCutShort.countDown();
    }

    /**
     * Goes on serving with readiness DOWN for the shutdown delay: an orchestrator takes a stopping instance out of
     * its load balancer only some time after it told it to stop, and requests sent meanwhile would find the
     * listener closed.
     */
    private void awaitShutdownDelay() {
        if (shutdownDelay.isZero()) {
            return;
        }
        try {
            delayCutShort.await(shutdownDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ReadinessCheck readiness(OneKycBridge bridge, AtomicBoolean stopping) {
        return () -> {
            if (stopping.get()) {
                return ReadinessCheck.Readiness.notReady(Map.of("service", "stopping"));
            }
            StoreHealth health = bridge.storeHealth();
            return new ReadinessCheck.Readiness(health.ready(), health.details());
        };
    }

    private static ClientMetrics clientMetrics(Metrics metrics) {
        return new ClientMetrics() {
            @Override
            public void tokenFetched(TokenKind kind) {
                metrics.incrementTokenRefreshes();
            }

            @Override
            public void retrying(String call, int attempt, Duration delay) {
                metrics.incrementClientRetries();
            }
        };
    }

    private static String value(Secret secret) {
        return secret == null ? null : secret.value();
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
