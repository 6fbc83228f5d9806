package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pools: one for the partner API, one for the platform's callbacks, a small one for the
 * metrics' reads and a thread for the readiness check. The platform waits a short while for a callback's answer;
 * behind a burst of partner requests, each staging its images, a shared pool queued every callback until the
 * platform gave up on it. An identity verification's start waits for the platform inline, for up to a minute or
 * more: a few dozen of them held every partner worker, and a readiness probe (which gives up after a second or so)
 * queued behind them would take every replica out of service at once. Behind a scrape's count of a large table,
 * it would fail the same way.
 */
record WorkerPools(WorkerExecutor requests, WorkerExecutor callbacks, WorkerExecutor metrics,
                   WorkerExecutor readiness) {
    /** A scrape's two reads side by side. */
    static final int METRICS_POOL_SIZE = 2;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** Two pools of {@code size} threads each, the metrics' pool and the readiness thread, named after the server. */
    static WorkerPools create(Vertx vertx, int size) {
        int server = SERVERS.incrementAndGet();
        return new WorkerPools(vertx.createSharedWorkerExecutor("onekyc-bridge-web-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-callbacks-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-metrics-" + server, METRICS_POOL_SIZE),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-readiness-" + server, 1));
    }

    Blocking forRequests() {
        return new Blocking(requests);
    }

    Blocking forCallbacks() {
        return new Blocking(callbacks);
    }

    Blocking forMetrics() {
        return new Blocking(metrics);
    }

    Blocking forReadiness() {
        return new Blocking(readiness);
    }

    Future<Void> close() {
        return Future.join(List.of(requests.close(), callbacks.close(), metrics.close(), readiness.close()))
                .mapEmpty();
    }
}
