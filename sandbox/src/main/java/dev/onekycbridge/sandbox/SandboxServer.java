package dev.onekycbridge.sandbox;

import dev.onekycbridge.sandbox.engine.SandboxEngine;
import dev.onekycbridge.sandbox.http.SandboxRouter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * A running OneKYC sandbox: every platform path, the object store and the control API on one port.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
 *     String base = sandbox.baseUrl();   // http://127.0.0.1:<free port>
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SandboxServer.class.getName());

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpServer server;
    private final SandboxEngine engine;
    private final String baseUrl;
    private final SandboxControl control;

    private SandboxServer(Vertx vertx, boolean ownsVertx, HttpServer server, SandboxEngine engine, String baseUrl) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.server = server;
        this.engine = engine;
        this.baseUrl = baseUrl;
        this.control = new EngineControl(engine);
    }

    /** Starts on its own Vert.x instance, closed with the sandbox. Blocks until listening. */
    public static SandboxServer start(SandboxOptions options) {
        refuseEventLoop();
        // Without the class-path file cache, whose own JVM shutdown hook would delete its folder under the
        // requests still being answered by a process's shutdown.
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions()
                .setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        try {
            return await(startOn(vertx, options, true));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts on the caller's Vert.x instance, which stays open on close. Blocks; not for an event-loop thread. */
    public static SandboxServer start(Vertx vertx, SandboxOptions options) {
        // Before starting: refused only when awaiting, the server would already be listening, with no one to close it.
        refuseEventLoop();
        return await(startOn(vertx, options, false));
    }

    /** Starts on the caller's Vert.x instance without blocking, for callers on an event loop. */
    public static Future<SandboxServer> startAsync(Vertx vertx, SandboxOptions options) {
        return startOn(vertx, options, false);
    }

    private static Future<SandboxServer> startOn(Vertx vertx, SandboxOptions options, boolean ownsVertx) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        SandboxEngine engine = new SandboxEngine(vertx, options.config(), Clock.systemUTC());
        if (options.publicBaseUrl() != null) {
            engine.links().baseUrl(options.publicBaseUrl());
        } else if (options.port() != 0) {
            // Known before listening, so not even a request racing the start sees another address.
            engine.links().baseUrl(localUrl(options.host(), options.port()));
        }
        // HTTP/1.1 only, no h2c upgrade: the injected reset and lost answer close the connection, which under
        // HTTP/2 (the JDK client upgrades plain http to it) would also fail every other request in flight on it.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(SandboxRouter.create(vertx, engine));
        return server.listen(options.port(), options.host()).map(listening -> {
            String local = localUrl(options.host(), listening.actualPort());
            engine.links().baseUrl(options.publicBaseUrl() != null ? options.publicBaseUrl() : local);
            LOG.log(Level.INFO, "OneKYC sandbox listening on {0}", local);
            return new SandboxServer(vertx, ownsVertx, listening, engine, local);
        }).onFailure(e -> engine.close());
    }

    /** The port listened on (the free one picked when the options said 0). */
    public int port() {
        return server.actualPort();
    }

    /**
     * {@code http://127.0.0.1:<port>} (or the bound host); every platform path hangs off it, whichever host the
     * platform serves it on, and so do the object store and the control API.
     */
    public String baseUrl() {
        return baseUrl;
    }

    /** The Esign token host: {@code baseUrl()/esign-token}, serving the Esign partner token only. */
    public String esignTokenBaseUrl() {
        return SandboxHost.ESIGN_TOKEN.baseUrl(baseUrl);
    }

    /** The COE token host: {@code baseUrl()/coe-token}, serving the COE partner and user tokens only. */
    public String coeTokenBaseUrl() {
        return SandboxHost.COE_TOKEN.baseUrl(baseUrl);
    }

    /** The gateway: {@code baseUrl()/gateway}, serving the Esign and COE business paths only. */
    public String gatewayBaseUrl() {
        return SandboxHost.GATEWAY.baseUrl(baseUrl);
    }

    /** The control API, in process. */
    public SandboxControl control() {
        return control;
    }

    /**
     * Stops listening, then processing and callback retries (and closes the Vert.x instance if the sandbox created
     * it). Blocks.
     */
    @Override
    public void close() {
        // The port first: no request may start processing after the engine has stopped.
        try {
            await(server.close());
        } finally {
            engine.close();
        }
        if (ownsVertx) {
            // Awaited from this thread: a listener chained on an event loop would die with the event loop.
            await(vertx.close());
        }
    }

    /**
     * Stops listening without blocking, for callers on an event loop. The future completes when the port is
     * closed; a Vert.x instance the sandbox created is closed after that without being awaited.
     */
    public Future<Void> closeAsync() {
        Future<Void> closed = server.close().andThen(done -> engine.close());
        if (ownsVertx) {
            closed.onComplete(done -> vertx.close());
        }
        return closed;
    }

    private static String localUrl(String host, int port) {
        return "http://" + reachableHost(host) + ":" + port;
    }

    private static String reachableHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void refuseEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking on an event loop; use startAsync/closeAsync there");
        }
    }

    private static <T> T await(Future<T> future) {
        refuseEventLoop();
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sandbox", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sandbox failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
