package dev.onekycbridge.adapter.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Watches a request's body arrive: each period must bring at least a minimum of bytes, or the body is too slow.
 * A rate, not a deadline for the whole body: a large image over a slow mobile link takes as long as it needs,
 * while a trickle is cut off within one period whatever length it declares. Used on the request's event loop.
 */
final class BodyProgress {
    private final HttpServerRequest request;
    private final long minimumBytes;
    private final BooleanSupplier held;
    private final Runnable tooSlow;
    /** From the headers' arrival: body bytes that came with them count in the first period. */
    private long bytesAtLastCheck;
    private long timer;
    private boolean stopped;

    private BodyProgress(HttpServerRequest request, long minimumBytes, BooleanSupplier held, Runnable tooSlow) {
        this.request = request;
        this.minimumBytes = minimumBytes;
        this.held = held;
        this.tooSlow = tooSlow;
    }

    /**
     * Starts watching, unless the body has already arrived.
     *
     * @param arrivalEnded when to stop: the body has arrived, or its connection is gone
     * @param bytesPerSecond the slowest rate taken, averaged over each period
     * @param held whether the server is holding the body back (it is not being read): a period spent so is not
     *     the client's
     * @param tooSlow what to do with a body that arrives more slowly: cut the request off
     */
    static void watch(Vertx vertx, HttpServerRequest request, Future<Void> arrivalEnded, Duration period,
                      long bytesPerSecond, BooleanSupplier held, Runnable tooSlow) {
        if (request.isEnded()) {
            return;
        }
        long minimumBytes = Math.max(1, bytesPerSecond * period.toMillis() / 1000);
        BodyProgress progress = new BodyProgress(request, minimumBytes, held, tooSlow);
        progress.checkAfter(vertx, period.toMillis());
        arrivalEnded.onComplete(ended -> {
            progress.stopped = true;
            vertx.cancelTimer(progress.timer);
        });
    }

    /**
     * Each check sets the next one, a whole period later. A periodic timer would run the checks an event loop held
     * up had missed back to back, and the second would find no bytes since the first: a steady body cut off.
     */
    private void checkAfter(Vertx vertx, long periodMillis) {
        timer = vertx.setTimer(periodMillis, id -> {
            if (!stopped && check()) {
                checkAfter(vertx, periodMillis);
            }
        });
    }

    /** @return whether to go on watching */
    private boolean check() {
        if (request.isEnded()) {
            return false;
        }
        long bytes = request.bytesRead();
        if (held.getAsBoolean()) {
            bytesAtLastCheck = bytes;
            return true;
        }
        if (bytes - bytesAtLastCheck < minimumBytes) {
            tooSlow.run();
            return false;
        }
        bytesAtLastCheck = bytes;
        return true;
    }
}
