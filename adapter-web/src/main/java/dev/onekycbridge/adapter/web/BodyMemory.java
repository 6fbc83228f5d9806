package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the bytes of request bodies held in memory at once, across the server. A callback or a JSON request is
 * read whole into memory, and so are a multipart request's text parts; each may be as large as its limit, and
 * enough of them at once would exhaust the heap and fail every request in flight, stored work included.
 *
 * <p>Before its body is read, a request takes what that body may hold, {@link #COPIES} times over: its declared
 * length, or its route's limit when it declares none; never more than the whole budget, so that any request goes
 * through when it is alone.
 * A request that does not fit waits, paused and unread, until earlier ones give theirs back: its client is held
 * by TCP's flow control (or waits for its {@code 100 Continue}), nothing is refused, and the waiting requests go
 * in the order they came. One that has waited a request timeout is answered 503 with {@code Retry-After} and its
 * connection closed: the platform and partners send such a request again; so is one that finds the waiting
 * requests' bodies already at their part of the budget ({@link #WAITING_SHARE}). Refusals are logged as a
 * {@link QuietWarning}: anyone may send request after request. What a request took is given back once its answer
 * has ended and its body has been read (or its connection has closed).
 */
final class BodyMemory {
    private static final System.Logger LOG = System.getLogger(BodyMemory.class.getName());
    private static final String WAITING = "onekyc-bridge.waiting-for-body-memory";
    /**
     * The copies of a body held at once while it is handled: the bytes received, their text, its UTF-8 bytes for
     * the store and their sealed copy. Measured: a quarter of a 128 MiB heap counted once per body still ran out
     * of memory under two hundred 1 MB callbacks at once.
     */
    static final int COPIES = 4;
    /**
     * The part of the budget that requests waiting at once may declare, counted once: a paused request's
     * connection is not read further at once, and what it has read ahead by then can be much of its body.
     * Measured: two hundred 1 MB callbacks waiting unbounded on a 512 MiB heap ran out of memory as their
     * connections closed, where none did with waiting bounded.
     */
    static final int WAITING_SHARE = COPIES;

    /** How a wait for memory ended, as the metric's {@code outcome} label counts it. */
    enum WaitOutcome {
        /** The request got its share and its body was read. */
        ADMITTED,
        /** The request was answered 503: it waited a request timeout, or found too many waiting already. */
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
        /** What the body declares (or may hold), counted against the waiting part of the budget while it waits. */
        private final long declared;
        private final Context context;
        private State state;
        private long timer = -1;

        Share(RoutingContext ctx, long declared, long bytes, Context context) {
            this.ctx = ctx;
            this.declared = declared;
            this.bytes = bytes;
            this.context = context;
        }
    }

    private final long capacity;
    private final Duration patience;
    private final Metrics metrics;
    private final QuietWarning refusals;
    private final Object lock = new Object();
    private final ArrayDeque<Share> waiting = new ArrayDeque<>();
    private final long waitingCapacity;
    private long held;
    private long waitingBytes;

    /**
     * @param capacity the bytes that may be held at once
     * @param patience how long a request may wait for its share before it is refused
     */
    BodyMemory(long capacity, Duration patience, Metrics metrics, QuietWarnings warnings) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.waitingCapacity = Math.max(1, capacity / WAITING_SHARE);
        this.patience = patience;
        this.metrics = metrics;
        this.refusals = warnings.warning(LOG);
    }

    /** The handler to run just before a body handler whose limit is {@code limit}, for a body held whole. */
    Handler<RoutingContext> reserving(long limit) {
        return reserving(limit, limit);
    }

    /**
     * The handler to run just before a body handler whose limit is {@code bodyLimit}, for a body of which at most
     * {@code heldLimit} is held in memory (a multipart body's text parts; its files go to disk).
     */
    Handler<RoutingContext> reserving(long bodyLimit, long heldLimit) {
        return ctx -> reserve(ctx, bodyLimit, heldLimit);
    }

    /** Whether the request is waiting for its share: its body is not being read, and is not late for that. */
    static boolean isWaiting(RoutingContext ctx) {
        return ctx.get(WAITING) != null;
    }

    private void reserve(RoutingContext ctx, long bodyLimit, long heldLimit) {
        long declared = Math.min(bodyBytes(ctx.request(), bodyLimit), heldLimit);
        if (declared == 0) {
            ctx.next();
            return;
        }
        Share share = new Share(ctx, declared, Math.min(COPIES * declared, capacity), Vertx.currentContext());
        boolean admitted;
        synchronized (lock) {
            admitted = waiting.isEmpty() && fits(share.bytes);
            if (admitted) {
                held += share.bytes;
                share.state = State.HOLDING;
            } else if (waiting.isEmpty() || waitingBytes + declared <= waitingCapacity) {
                share.state = State.WAITING;
                waiting.add(share);
                waitingBytes += declared;
            } else {
                share.state = State.RELEASED;
            }
        }
        if (share.state == State.RELEASED) {
            refuse(ctx);
            return;
        }
        // Given back once the answer has ended and nothing more of the body will come: a request answered early
        // (refused, or failed) may still be reading its body in.
        AtomicInteger untilBothEnded = new AtomicInteger(2);
        Handler<Object> ended = nothing -> {
            if (untilBothEnded.decrementAndGet() == 0) {
                release(share);
            }
        };
        ctx.addEndHandler(ended::handle);
        RequestDeadlines.arrivalEnded(ctx).onComplete(ended::handle);
        if (admitted) {
            ctx.next();
            return;
        }
        // The body handler resumes the request once it is admitted.
        ctx.request().pause();
        ctx.put(WAITING, Boolean.TRUE);
        share.timer = ctx.vertx().setTimer(Math.max(1, patience.toMillis()), id -> waitedTooLong(share));
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
                waitingBytes -= share.declared;
                share.ctx.vertx().cancelTimer(share.timer);
                metrics.recordBodyMemoryWait(WaitOutcome.ABANDONED);
            }
            share.state = State.RELEASED;
            admitted = admitWaiting();
        }
        admitted.forEach(this::admit);
    }

    private void waitedTooLong(Share share) {
        List<Share> admitted;
        synchronized (lock) {
            if (share.state != State.WAITING) {
                return;
            }
            waiting.remove(share);
            waitingBytes -= share.declared;
            share.state = State.RELEASED;
            admitted = admitWaiting();
        }
        admitted.forEach(this::admit);
        refuse(share.ctx);
    }

    /** Answers 503 and closes the connection: the body was never read, so it cannot carry another request. */
    private void refuse(RoutingContext ctx) {
        metrics.recordBodyMemoryWait(WaitOutcome.REFUSED);
        String request = ctx.request().method() + " " + ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED);
        refusals.happened(count -> "requests are refused with 503 because too little of the memory for request"
                + " bodies is free (" + count + " since the last such line; latest " + request + ")");
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", FailureHandler.RETRY_AFTER_SECONDS);
        }
        Problem.Kind.UNAVAILABLE.problem("the service is reading too many request bodies at once; send the request "
                        + "again later", List.of(new FieldError("body", "could not be read now")))
                .sendAndClose(ctx);
    }

    /** The waiting shares that fit now, in order, taken into the budget; called under the lock. */
    private List<Share> admitWaiting() {
        List<Share> admitted = new ArrayList<>();
        while (!waiting.isEmpty() && fits(waiting.peek().bytes)) {
            Share next = waiting.poll();
            waitingBytes -= next.declared;
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
