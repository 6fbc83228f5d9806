package dev.onekycbridge.adapter.web;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The time a connection has for the line and headers of its next request. Vert.x parses them before any handler
 * sees the request, so a client that sends a header byte now and then, never silent for long, would otherwise hold
 * the connection for ever. Used on the connection's event loop only.
 */
final class HeaderDeadline {
    private static final long NONE = -1;

    private final Vertx vertx;
    private final Runnable expired;
    private long timer = NONE;
    private boolean closed;

    /** @param expired what to do when the headers are late: close the connection */
    HeaderDeadline(Vertx vertx, Runnable expired) {
        this.vertx = vertx;
        this.expired = expired;
    }

    /** The next request's headers are due within {@code allowance} from now. */
    void await(Duration allowance) {
        cancel();
        if (!closed) {
            timer = vertx.setTimer(allowance.toMillis(), id -> {
                timer = NONE;
                expired.run();
            });
        }
    }

    /** A request's headers have arrived. */
    void met() {
        cancel();
    }

    /** The connection is closed: nothing is due any more. */
    void close() {
        closed = true;
        cancel();
    }

    private void cancel() {
        if (timer != NONE) {
            vertx.cancelTimer(timer);
            timer = NONE;
        }
    }
}
