package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pools: one for the partner API, one for its identity verification starts, one for the
 * platform's callbacks, a small one for the metrics' reads and a thread for the readiness check. A start of an
 * identity verification waits for the platform's launch (for a bounded while, {@code InlineLaunches}): in a
 * platform brown-out every such start waits its whole bound, and on the partner API's pool they held every worker,
 * the reads, registrations and scans queued behind them. The platform waits a short while for a callback's
 * answer; behind a burst of partner requests, each staging its images, a shared pool queued every callback until
 * the platform gave up on it. A readiness probe (which gives up after a second or so) queued behind starts waiting
 * for the platform would take every replica out of service at once; behind a scrape's count of a large table, it
 * would fail the same way.
 */
record WorkerPools(WorkerExecutor requests, WorkerExecutor identityVerifications, WorkerExecutor callbacks,
                   WorkerExecutor metrics, WorkerExecutor readiness) {
    /** A scrape's two reads side by side. */
    static final int METRICS_POOL_SIZE = 2;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * Three pools of {@code size} threads each, the metrics' pool and the readiness thread, named after the server.
     */
    static WorkerPools create(Vertx vertx, int size) {
        int server = SERVERS.incrementAndGet();
        return new WorkerPools(vertx.createSharedWorkerExecutor("onekyc-bridge-web-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-verifications-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-callbacks-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-metrics-" + server, METRICS_POOL_SIZE),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-readiness-" + server, 1));
    }

    Blocking forRequests() {
        return new Blocking(requests);
    }

    Blocking forIdentityVerifications() {
        return new Blocking(identityVerifications);
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
        return Future.join(List.of(requests.close(), identityVerifications.close(), callbacks.close(),
                        metrics.close(), readiness.close()))
                .mapEmpty();
    }
}
