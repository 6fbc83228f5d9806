package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pools: one for the partner API and the operations endpoints, one for the platform's
 * callbacks. The platform waits a short while for a callback's answer; behind a burst of partner requests, each
 * staging its images, a shared pool queued every callback until the platform gave up on it.
 */
record WorkerPools(WorkerExecutor requests, WorkerExecutor callbacks) {
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** Two pools of {@code size} threads each, named after the server. */
    static WorkerPools create(Vertx vertx, int size) {
        int server = SERVERS.incrementAndGet();
        return new WorkerPools(vertx.createSharedWorkerExecutor("onekyc-bridge-web-" + server, size),
                vertx.createSharedWorkerExecutor("onekyc-bridge-web-callbacks-" + server, size));
    }

    Blocking forRequests() {
        return new Blocking(requests);
    }

    Blocking forCallbacks() {
        return new Blocking(callbacks);
    }

    Future<Void> close() {
        return Future.join(requests.close(), callbacks.close()).mapEmpty();
    }
}
