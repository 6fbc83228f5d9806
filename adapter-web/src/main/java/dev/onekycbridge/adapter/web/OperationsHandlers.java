package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.submission.SubmissionStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Health, metrics and the OpenAPI document: for operators and tools, outside the partner API's key. What blocks
 * runs on workers of its own: a probe gives up after a second or so, partner requests waiting for the platform may
 * hold every worker of theirs for a minute, and a scrape's count of a large table may take seconds.
 */
final class OperationsHandlers {
    static final String OPENAPI_CONTENT_TYPE = "application/yaml; charset=utf-8";
    private static final System.Logger LOG = System.getLogger(OperationsHandlers.class.getName());

    private final ReadinessCheck readiness;
    private final SubmissionCatalog catalog;
    private final Supplier<InboxBacklog> callbacksWaiting;
    private final Metrics metrics;
    private final Blocking metricsBlocking;
    private final Blocking readinessBlocking;
    private final Buffer openApi;
    /** A scraper asks every few seconds, and goes on while the store is down. */
    private final QuietWarning countsUnread;
    private final QuietWarning waitingUnread;

    OperationsHandlers(ReadinessCheck readiness, SubmissionCatalog catalog, Supplier<InboxBacklog> callbacksWaiting,
                       Metrics metrics, Blocking metricsBlocking, Blocking readinessBlocking, Buffer openApi,
                       QuietWarnings warnings) {
        this.readiness = readiness;
        this.catalog = catalog;
        this.callbacksWaiting = callbacksWaiting;
        this.metrics = metrics;
        this.metricsBlocking = metricsBlocking;
        this.readinessBlocking = readinessBlocking;
        this.openApi = openApi;
        this.countsUnread = warnings.warning(LOG);
        this.waitingUnread = warnings.warning(LOG);
    }

    /** {@code GET /health/live}: the process serves requests. */
    void live(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    /** {@code GET /health/ready}: the readiness check, run on a worker; 503 when it fails or throws. */
    void ready(RoutingContext ctx) {
        readinessBlocking.run(readiness::check).onComplete(result -> {
            if (result.failed() || result.result() == null) {
                String error = result.failed() ? result.cause().getClass().getSimpleName() : "no answer";
                LOG.log(Level.WARNING, "the readiness check failed: {0}", error);
                json(ctx, 503, new JsonObject().put("status", "DOWN").put("error", error));
                return;
            }
            ReadinessCheck.Readiness readinessNow = result.result();
            JsonObject details = new JsonObject();
            new TreeMap<>(readinessNow.details()).forEach(details::put);
            json(ctx, readinessNow.ready() ? 200 : 503, new JsonObject()
                    .put("status", readinessNow.ready() ? "UP" : "DOWN")
                    .put("details", details));
        });
    }

    /**
     * {@code GET /metrics}: the Prometheus text, with the submission counts and the waiting callbacks read on
     * workers, side by side: a store that is down fails each within the pool's connection timeout.
     */
    void metrics(RoutingContext ctx) {
        Future<Map<SubmissionStatus, Long>> counts = metricsBlocking.run(catalog::countByStatus);
        Future<InboxBacklog> waiting = metricsBlocking.run(callbacksWaiting::get);
        Future.join(counts, waiting).onComplete(both -> {
            Map<SubmissionStatus, Long> byStatus = null;
            if (counts.succeeded()) {
                byStatus = counts.result();
            } else {
                String why = why(counts.cause());
                countsUnread.happened(count -> "submission counts could not be read for metrics (" + count
                        + " scrape(s) since the last such line): " + why);
            }
            InboxBacklog backlog = null;
            if (waiting.succeeded()) {
                backlog = waiting.result();
            } else {
                String why = why(waiting.cause());
                waitingUnread.happened(count -> "waiting callbacks could not be read for metrics (" + count
                        + " scrape(s) since the last such line): " + why);
            }
            ctx.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", Metrics.CONTENT_TYPE)
                    .end(metrics.scrape(byStatus, backlog));
        });
    }

    /** {@code GET /openapi.yaml}: the hand-written description of the service. */
    void openApi(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", OPENAPI_CONTENT_TYPE)
                .end(openApi);
    }

    /** A store's message names the fault and no stored value (key ids at most); another exception, its class. */
    private static String why(Throwable failure) {
        return failure instanceof StoreUnavailableException || failure instanceof StoredDataUnreadableException
                ? failure.getMessage() : failure.getClass().getName();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", MediaTypes.JSON)
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
