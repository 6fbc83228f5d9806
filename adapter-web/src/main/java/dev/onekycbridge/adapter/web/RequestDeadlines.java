package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts off requests that arrive too slowly, and kept-alive connections that wait too long for their next request.
 * Vert.x's idle timeout alone would close a connection that sends nothing, but not one that sends a byte every few
 * seconds (slowloris), holding the connection and, for a multipart body, an upload file; and it would cut a request
 * whose answer is slow to come. Vert.x (5.0) has no bound of its own on how long a request may take to arrive.
 *
 * <ul>
 *   <li>Headers: a request's line and headers must arrive within the request timeout of the connection's opening;
 *       on a kept-alive connection, within the idle timeout of the previous exchange's end. Late, the connection
 *       is closed: there is no request to answer yet. It counts as a request cut off only when a byte of one had
 *       arrived: a connection that sent none was idle. Between the headers and the answer nothing is due: a
 *       request being handled sends nothing until its answer, however long that takes.</li>
 *   <li>Body: each request timeout of its arrival must bring {@link WebConfig#MIN_BODY_BYTES_PER_SECOND} a second
 *       (see {@link BodyProgress}), except while the server holds it back ({@link #heldByTheServer}). Too slow, the
 *       request gets 408 (unless its answer has begun) and its connection is closed. Nothing is half-stored: no
 *       handler acts on a body before all of it has arrived, and the upload files written so far are deleted
 *       ({@link UploadsGuard}, told by {@link #arrivalEnded}).</li>
 * </ul>
 * Each cut-off is counted in the metrics by phase and logged at DEBUG without anything of the request. Connections
 * are HTTP/1.1, one request at a time: the server takes no cleartext HTTP/2.
 */
final class RequestDeadlines {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());
    private static final String ARRIVAL_ENDED = "onekyc-bridge.arrival-ended";

    private final Vertx vertx;
    private final Duration requestTimeout;
    private final Duration keptAliveAllowance;
    private final Metrics metrics;
    private final ConcurrentMap<HttpConnection, Watched> connections = new ConcurrentHashMap<>();

    /**
     * A connection's headers deadline, and the arrival of its request in flight (one at a time: HTTP/1.1), which
     * the connection's closing ends. One slot, not a listener per request on the closing: a kept-alive connection
     * may carry millions of requests. Used on the connection's event loop only.
     */
    private static final class Watched {
        private final HeaderDeadline headers;
        private Promise<Void> arriving;
        private boolean closed;

        Watched(HeaderDeadline headers) {
            this.headers = headers;
        }

        /** Completes when the request has been read to its end, fails when the connection closes first. */
        Future<Void> arrival(Future<Void> requestEnded) {
            Promise<Void> either = Promise.promise();
            if (closed) {
                either.fail("the connection closed");
                return either.future();
            }
            arriving = either;
            requestEnded.onComplete(read -> {
                if (arriving == either) {
                    arriving = null;
                }
                if (read.succeeded()) {
                    either.tryComplete();
                } else {
                    either.tryFail(read.cause());
                }
            });
            return either.future();
        }

        void closed() {
            closed = true;
            headers.close();
            if (arriving != null) {
                arriving.tryFail("the connection closed");
                arriving = null;
            }
        }
    }

    RequestDeadlines(Vertx vertx, WebConfig config, Metrics metrics) {
        this.vertx = vertx;
        this.requestTimeout = config.requestTimeout();
        this.keptAliveAllowance = config.idleTimeout();
        this.metrics = metrics;
    }

    /** For the server's connection handler: the first request's headers are due. */
    void connected(HttpConnection connection) {
        HeaderDeadline headers = new HeaderDeadline(vertx, () -> headersTooSlow(connection));
        Watched watched = new Watched(headers);
        connections.put(connection, watched);
        connection.closeHandler(nothing -> {
            connections.remove(connection);
            watched.closed();
        });
        headers.await(requestTimeout);
    }

    /**
     * The first handler of every request: its headers have arrived; its body is watched until it has arrived too,
     * and once the request has been read and answered, the next request's headers are due.
     */
    void requestArrived(RoutingContext ctx) {
        Watched watched = connections.get(ctx.request().connection());
        Future<Void> arrivalEnded = ctx.request().end();
        if (watched != null) {
            arrivalEnded = watched.arrival(arrivalEnded);

            watched.headers.met();
            AtomicInteger untilBothEnded = new AtomicInteger(2);
            Runnable exchangeEnded = () -> {
                if (untilBothEnded.decrementAndGet() == 0) {
                    watched.headers.await(keptAliveAllowance);
                }
            };
            arrivalEnded.onComplete(read -> exchangeEnded.run());
            ctx.addEndHandler(answered -> exchangeEnded.run());
        }
        ctx.put(ARRIVAL_ENDED, arrivalEnded);
        BodyProgress.watch(vertx, ctx.request(), arrivalEnded, requestTimeout, WebConfig.MIN_BODY_BYTES_PER_SECOND,
                () -> heldByTheServer(ctx), () -> bodyTooSlow(ctx));
        ctx.next();
    }

    /**
     * Whether the server holds the body back, unread: waiting for its share of memory ({@link BodyMemory}), or for
     * a worker to check the uploads directory ({@link UploadsGuard}).
     */
    private static boolean heldByTheServer(RoutingContext ctx) {
        return BodyMemory.isWaiting(ctx) || UploadsGuard.isCheckingDirectory(ctx);
    }

    /**
     * Completes once the request has been read to its end, or fails once nothing more of it will arrive: its
     * connection closed. Vert.x tells the request itself of a close only while its answer has not ended.
     */
    static Future<Void> arrivalEnded(RoutingContext ctx) {
        Future<Void> ended = ctx.get(ARRIVAL_ENDED);
        return ended == null ? ctx.request().end() : ended;
    }

    private void headersTooSlow(HttpConnection connection) {
        // A connection that sent no byte of a request is idle (a client's pooled connection), not slow: closed
        // all the same, but no request was cut off.
        if (VertxInternals.requestBegun(connection)) {
            metrics.recordRequestTimedOut(ArrivalPhase.HEADERS);
            LOG.log(Level.DEBUG, "closing a connection whose request headers did not arrive in time");
        }
        connection.close();
    }

    private void bodyTooSlow(RoutingContext ctx) {
        metrics.recordRequestTimedOut(ArrivalPhase.BODY);
        LOG.log(Level.DEBUG, () -> ctx.request().method() + " " + ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED)
                + ": the body did not arrive in time; closing the connection");
        Problem.Kind.REQUEST_TIMEOUT.problem("the body arrived too slowly; send it again over a faster link",
                        List.of(new FieldError("body", "must arrive at " + WebConfig.MIN_BODY_BYTES_PER_SECOND
                                + " bytes a second or more")))
                .sendAndClose(ctx);
    }
}
