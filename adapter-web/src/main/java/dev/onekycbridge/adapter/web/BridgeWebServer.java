package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's HTTP server: the callback receivers, the partner API, health, metrics and the OpenAPI document.
 *
 * <pre>{@code
 * BridgeWebServer server = BridgeWebServer.start(vertx, WebConfig.defaults().withPort(8080), ports).await();
 * ...
 * server.close().await();
 * }</pre>
 */
public final class BridgeWebServer {
    /** The OpenAPI document's place on the class path. */
    static final String OPENAPI_RESOURCE = "/dev/onekycbridge/adapter/web/openapi.yaml";

    /**
     * How long a close waits for the requests in flight to be answered: a callback being stored, a registration
     * being accepted. Cut, the platform would send the callback again, but a partner would not know whether its
     * request was taken.
     */
    static final long CLOSE_GRACE_SECONDS = 10;

    private final HttpServer server;
    private final WorkerPools workers;
    private final UploadsLock uploads;
    private final QuietWarnings warnings;
    private final DiskRoom room;

    private BridgeWebServer(HttpServer server, WorkerPools workers, UploadsLock uploads, QuietWarnings warnings,
                            DiskRoom room) {
        this.server = server;
        this.workers = workers;
        this.uploads = uploads;
        this.warnings = warnings;
        this.room = room;
    }

    /**
     * Starts listening. Nothing blocks the calling thread: the uploads directory is created (or checked, taken
     * for this server alone, and emptied of files a killed process left) and the OpenAPI document read on the
     * adapter's own worker pool.
     *
     * @return the running server, or the failure (e.g. the port is taken, the uploads directory another running
     *     instance's)
     */
    public static Future<BridgeWebServer> start(Vertx vertx, WebConfig config, WebPorts ports) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ports, "ports");
        WorkerPools workers = WorkerPools.create(vertx, config.workerPoolSize());
        Blocking blocking = workers.forRequests();
        AtomicReference<UploadsLock> held = new AtomicReference<>();
        AtomicReference<DiskRoom> room = new AtomicReference<>();
        QuietWarnings warnings = new QuietWarnings();
        return blocking.run(() -> {
                    UploadsDirectory.prepare(config.uploadsDirectory());
                    // Before the leftovers go: while another instance runs on the directory, they are its uploads.
                    held.set(UploadsLock.take(config.uploadsDirectory()));
                    UploadsDirectory.removeLeftovers(config.uploadsDirectory());
                    // Finding the disks of the folders reads the mount table: here, not on an event loop.
                    room.set(new DiskRoom(config.diskReserve(), config.uploadsDirectory()));
                    return readOpenApi();
                })
                .compose(openApi -> {
                    RequestDeadlines deadlines = new RequestDeadlines(vertx, config, ports.metrics());
                    Router router = WebRouter.create(vertx, config, ports, blocking,
                            workers.forIdentityVerifications(), workers.forCallbacks(), workers.forMetrics(),
                            workers.forReadiness(), openApi, deadlines, room.get(), warnings);
                    HttpServerOptions options = options(config);
                    return vertx.createHttpServer(options)
                            .connectionHandler(connection -> {
                                VertxInternals.useStrictDecoder(connection, options);
                                deadlines.connected(connection);
                            })
                            .invalidRequestHandler(new InvalidRequests())
                            .requestHandler(router)
                            .listen();
                })
                .map(server -> new BridgeWebServer(server, workers, held.get(), warnings, room.get()))
                .onFailure(error -> {
                    if (held.get() != null) {
                        held.get().close();
                    }
                    if (room.get() != null) {
                        room.get().close();
                    }
                    workers.close();
                });
    }

    /** The port the server listens on (the one picked, when configured with 0). */
    public int port() {
        return server.actualPort();
    }

    /**
     * Stops taking connections, lets the requests in flight be answered (for up to {@value #CLOSE_GRACE_SECONDS}
     * seconds, then their connections are closed), releases the worker pools, and logs the warnings counted but
     * not yet told.
     */
    public Future<Void> close() {
        return server.shutdown(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS).eventually(workers::close)
                .andThen(closed -> {
                    room.close();
                    uploads.close();
                    warnings.tellPending();
                });
    }

    static HttpServerOptions options(WebConfig config) {
        // A multipart body's text parts (the details) are held in memory until it has ended: each part, and the
        // undecoded rest, bounded far below its images; their sum by the route (TextPartLimit), which the parts'
        // count bounds too.
        int formFieldLimit = (int) Math.min(config.formTextLimit(), Integer.MAX_VALUE);
        return new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // HTTP/1.1 only: the request deadlines take one request at a time per connection, and with cleartext
                // HTTP/2 on, Vert.x tells of a connection only once its first bytes show its protocol: one that
                // trickled them would escape the deadline of its headers.
                .setHttp2ClearTextEnabled(false)
                // Only a backstop: the request deadlines close a kept-alive connection that waits too long for its
                // next request, and Vert.x's idle timeout would also cut a request whose answer is slow to come.
                .setIdleTimeout((int) stalledConnectionTimeout(config).toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxFormAttributeSize(formFieldLimit)
                .setMaxFormBufferedBytes(formFieldLimit)
                .setMaxFormFields(WebConfig.MAX_FORM_PARTS);
    }

    private static Duration stalledConnectionTimeout(WebConfig config) {
        Duration idle = config.idleTimeout();
        return idle.compareTo(WebConfig.STALLED_CONNECTION_TIMEOUT) > 0 ? idle : WebConfig.STALLED_CONNECTION_TIMEOUT;
    }

    static Buffer readOpenApi() {
        try (InputStream in = BridgeWebServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "BridgeWebServer[port=" + server.actualPort() + "]";
    }
}
