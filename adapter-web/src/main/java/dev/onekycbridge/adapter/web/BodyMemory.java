package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds the bytes of request bodies held in memory at once, across the server. A callback or a JSON request is
 * read whole into memory, and so are a multipart request's text parts; each may be as large as its limit, and
 * enough of them at once would exhaust the heap and fail every request in flight, stored work included.
 *
 * <p>Before its body is read, a request takes what that body may hold: its declared length, or its route's limit
 * when it declares none, and never more than the whole budget, so that any request goes through when it is alone.
 * A request that does not fit waits, paused and unread, until earlier ones give theirs back: its client is held
 * by TCP's flow control (or waits for its {@code 100 Continue}), nothing is refused, and the waiting requests go
 * in the order they came. One that has waited a request timeout is answered 503 with {@code Retry-After} and its
 * connection closed: the platform and partners send such a request again. What a request took is given back when
 * its answer has ended or its connection has closed.
 */
final class BodyMemory {
    private static final System.Logger LOG = System.getLogger(BodyMemory.class.getName());
    private static final String WAITING = "onekyc-bridge.waiting-for-body-memory";

    /** How a wait for memory ended, as the metric's {@code outcome} label counts it. */
    enum WaitOutcome {
        /** The request got its share and its body was read. */
        ADMITTED,
        /** The request waited a request timeout and was answered 503. */
        REFUSED,
        /** The connection closed while the request waited. */
        ABANDONED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private enum State { WAITING, HOLDING, RELEASED }

    /** One request's share. Its state is guarded by the budget's lock. */
    private static final class Share {
        private final RoutingContext ctx;
        private final long bytes;
        private final Context context;
        private State state;
        private long timer = -1;

        Share(RoutingContext ctx, long bytes, Context context) {
            this.ctx = ctx;
            this.bytes = bytes;
            this.context = context;
        }
    }

    private final long capacity;
    private final Duration patience;
    private final Metrics metrics;
    private final Object lock = new Object();
    private final ArrayDeque<Share> waiting = new ArrayDeque<>();
    private long held;

    /**
     * @param capacity the bytes that may be held at once
     * @param patience how long a request may wait for its share before it is refused
     */
    BodyMemory(long capacity, Duration patience, Metrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.patience = patience;
        this.metrics = metrics;
    }

    /** The handler to run just before a body handler whose limit is {@code limit}. */
    Handler<RoutingContext> reserving(long limit) {
        return ctx -> reserve(ctx, limit);
    }

    /** Whether the request is waiting for its share: its body is not being read, and is not late for that. */
    static boolean isWaiting(RoutingContext ctx) {
        return ctx.get(WAITING) != null;
    }

    /** The bytes held now, for tests. */
    long held() {
        synchronized (lock) {
            return held;
        }
    }

    private void reserve(RoutingContext ctx, long limit) {
        long bytes = Math.min(bodyBytes(ctx.request(), limit), capacity);
        if (bytes == 0) {
            ctx.next();
            return;
        }
        Share share = new Share(ctx, bytes, Vertx.currentContext());
        boolean admitted;
        synchronized (lock) {
            admitted = waiting.isEmpty() && fits(bytes);
            if (admitted) {
                held += bytes;
                share.state = State.HOLDING;
            } else {
                share.state = State.WAITING;
                waiting.add(share);
            }
        }
        ctx.addEndHandler(ended -> release(share));
        if (admitted) {
            ctx.next();
            return;
        }
        // The body handler resumes the request once it is admitted.
        ctx.request().pause();
        ctx.put(WAITING, Boolean.TRUE);
        share.timer = ctx.vertx().setTimer(Math.max(1, patience.toMillis()), id -> refuse(share));
    }

    /**
     * What the body may hold in memory: nothing when it declares a length over the limit (the body handler refuses
     * it unread) or no body at all, its length when declared, else the limit.
     */
    private static long bodyBytes(HttpServerRequest request, long limit) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return request.isEnded() ? 0 : limit;
        }
        try {
            long length = Long.parseLong(declared.strip());
            return length > limit ? 0 : Math.max(0, length);
        } catch (NumberFormatException e) {
            return limit;
        }
    }

    private boolean fits(long bytes) {
        return held == 0 || held + bytes <= capacity;
    }

    private void release(Share share) {
        List<Share> admitted;
        synchronized (lock) {
            if (share.state == State.HOLDING) {
                held -= share.bytes;
            } else if (share.state == State.WAITING) {
                waiting.remove(share);
                share.ctx.vertx().cancelTimer(share.timer);
                metrics.recordBodyMemoryWait(WaitOutcome.ABANDONED);
            }
            share.state = State.RELEASED;
            admitted = admitWaiting();
        }
        admitted.forEach(this::admit);
    }

    private void refuse(Share share) {
        List<Share> admitted;
        synchronized (lock) {
            if (share.state != State.WAITING) {
                return;
            }
            waiting.remove(share);
            share.state = State.RELEASED;
            admitted = admitWaiting();
        }
        admitted.forEach(this::admit);
        metrics.recordBodyMemoryWait(WaitOutcome.REFUSED);
        RoutingContext ctx = share.ctx;
        LOG.log(Level.WARNING, "{0} {1}: refused with 503 after waiting {2} ms for memory to read its body in",
                ctx.request().method(), ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED), patience.toMillis());
        HttpConnection connection = ctx.request().connection();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            connection.close();
            return;
        }
        // The body was never read: the connection cannot carry another request.
        response.putHeader(HttpHeaders.CONNECTION, "close").putHeader("Retry-After", FailureHandler.RETRY_AFTER_SECONDS);
        Problem.Kind.UNAVAILABLE.problem("the service is reading too many request bodies at once; send the request "
                        + "again later", List.of(new FieldError("body", "could not be read in time")))
                .send(response)
                .onComplete(sent -> connection.close());
    }

    /** The waiting shares that fit now, in order, taken into the budget; called under the lock. */
    private List<Share> admitWaiting() {
        List<Share> admitted = new ArrayList<>();
        while (!waiting.isEmpty() && fits(waiting.peek().bytes)) {
            Share next = waiting.poll();
            held += next.bytes;
            next.state = State.HOLDING;
            admitted.add(next);
        }
        return admitted;
    }

    private void admit(Share share) {
        share.context.runOnContext(nothing -> {
            RoutingContext ctx = share.ctx;
            ctx.vertx().cancelTimer(share.timer);
            synchronized (lock) {
                if (share.state != State.HOLDING) {
                    return; // its connection closed meanwhile
                }
            }
            ctx.remove(WAITING);
            metrics.recordBodyMemoryWait(WaitOutcome.ADMITTED);
            ctx.next();
        });
    }
}
