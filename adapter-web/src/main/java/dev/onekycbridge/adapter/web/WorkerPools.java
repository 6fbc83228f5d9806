package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pools: one for the partner API, one for the platform's callbacks, and a small one for the
 * readiness check and the metrics' reads. The platform waits a short while for a callback's answer; behind a burst
 * of partner requests, each staging its images, a shared pool queued every callback until the platform gave up on
 * it. An identity verification's start waits for the platform inline, for up to a minute or more: a few dozen of
 * them held every partner worker, and a readiness probe (which gives up after a second or so) queued behind them
 * would take every replica out of service at once.
 */
record WorkerPools(WorkerExecutor requests, WorkerExecutor callbacks, WorkerExecutor operations) {
    /** The readiness check, or a scrape's two reads side by side. */
    static final int OPERATIONS_POOL_SIZE = 2;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** Two pools of {@code size} threads each, and the operations' pool, named after the server. */
    static WorkerPools create(Vertx vertx, int size) {
        int server = SERVERS.incrementAndGet();
        return new WorkerPools(vertx.createSharedWorkerExecutor("onekyc-bridge-web-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-callbacks-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-operations-" + server, OPERATIONS_POOL_SIZE));
    }

    Blocking forRequests() {
        return new Blocking(requests);
    }

    Blocking forCallbacks() {
        return new Blocking(callbacks);
    }

    Blocking forOperations() {
        return new Blocking(operations);
    }

    Future<Void> close() {
        return Future.join(requests.close(), callbacks.close(), operations.close()).mapEmpty();
    }
}
