package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (every use case: they do JDBC and HTTP) on one of the adapter's worker pools, never on the
 * event loop. The future completes back on the calling event loop.
 */
final class Blocking {
    private final WorkerExecutor workers;

    Blocking(WorkerExecutor workers) {
        this.workers = workers;
    }

    <T> Future<T> run(Callable<T> work) {
        // Unordered: requests are independent and may run side by side.
        return workers.executeBlocking(work, false);
    }
}
