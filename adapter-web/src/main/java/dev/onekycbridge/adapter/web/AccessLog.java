package dev.onekycbridge.adapter.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;

/**
 * Times every request and, when it ends, logs its method, route pattern, status and duration at DEBUG and
 * counts it in the metrics. Never logs bodies, headers, query strings or path values: the route pattern
 * ({@code /v1/submissions/:id}) stands for the path. A request whose connection closed before an answer was sent
 * has no status: it is logged and counted as {@value #CLOSED}.
 */
final class AccessLog implements Handler<RoutingContext> {
    /** The routing-context key under which each route records its pattern. */
    static final String ROUTE = "onekyc-bridge.route";
    static final String UNMATCHED = "unmatched";
    /** The status of a request left unanswered: its client went away, or its connection failed, first. */
    static final String CLOSED = "closed";

    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());

    private final Metrics metrics;

    AccessLog(Metrics metrics) {
        this.metrics = metrics;
    }

    /** A handler that records {@code pattern} as the request's route, for the log and the metrics. */
    static Handler<RoutingContext> route(String pattern) {
        return ctx -> {
            ctx.put(ROUTE, pattern);
            ctx.next();
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(ended -> {
            if (ended.succeeded()) {
                record(ctx, started, Integer.toString(ctx.response().getStatusCode()), "");
                return;
            }
            // The connection closed or failed first. A failure while the body was read is told to the response
            // before the failure handler answers it (in this same turn of the event loop): look once it has.
            ctx.vertx().runOnContext(next -> {
                if (ctx.response().ended()) {
                    record(ctx, started, Integer.toString(ctx.response().getStatusCode()), " (connection closed)");
                } else {
                    record(ctx, started, CLOSED, "");
                }
            });
        });
        ctx.next();
    }

    private void record(RoutingContext ctx, long started, String status, String note) {
        String route = ctx.get(ROUTE, UNMATCHED);
        String method = ctx.request().method().name();
        metrics.recordHttpRequest(route, method, status);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.log(Level.DEBUG, () -> method + " " + route + " " + status + " " + millis + "ms" + note);
    }
}
