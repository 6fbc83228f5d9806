package dev.onekycbridge.sandbox.callback;

import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackRetry;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.Faults;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.faults.Dice;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends callbacks to the partner's configured endpoint, retrying with exponential backoff, recording every
 * attempt, and playing the configured callback faults (drop, duplicate, reorder, delay).
 */
public final class CallbackDispatcher {

    private static final Logger LOG = System.getLogger(CallbackDispatcher.class.getName());
    private static final String USER_AGENT = "onekyc-sandbox";
    /**
     * Callback exchanges under way at once. Far more than a test run has in flight (a suite confirming dozens of
     * submissions together, each receiver taking its time), yet a flood of callbacks (a soak confirming thousands)
     * does not open a socket for each: the rest wait their turn, their timeout not yet running.
     */
    public static final int MAX_EXCHANGES = 64;

    /**
     * An automatic delivery with its faults rolled: sent at once, or, for a PARTIALLY_COMPLETED one under the
     * reorder fault, held back until the final one has gone and sent then with the same duplicate and delay.
     */
    private record Planned(String deliveryId, CallbackChannel channel, CallbackMessage message,
            CallbackTarget target, CallbackRetry retry, boolean duplicate, long delayMillis) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Supplier<SandboxConfig> config;
    private final CallbackLog log;
    private final Dice dice;
    private final LongSupplier epoch;
    private final Clock clock;
    private final ExchangeSlots slots;
    private final Map<String, List<Planned>> held = new HashMap<>();
    /** The last automatic delivery per submission: the next one starts when it has settled, keeping order. */
    private final Map<String, Future<Void>> lastInLine = new HashMap<>();

    /**
     * @param epoch the sandbox's reset counter: retries started before a reset stop instead of sending
     */
    public CallbackDispatcher(Vertx vertx, HttpClient client, Supplier<SandboxConfig> config, CallbackLog log,
            Dice dice, LongSupplier epoch, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.log = log;
        this.dice = dice;
        this.epoch = epoch;
        this.clock = clock;
        this.slots = new ExchangeSlots(MAX_EXCHANGES, next -> vertx.runOnContext(v -> next.run()));
    }

    /** Processing reached a reported status: send it, subject to the callback faults. */
    public void automatic(String submissionId, CallbackChannel channel, CallbackMessage message) {
        SandboxConfig current = config.get();
        Optional<CallbackTarget> target = current.callback(channel);
        if (target.isEmpty()) {
            record(submissionId, channel, DeliveryTrigger.AUTOMATIC, message, null, DeliveryState.NOT_CONFIGURED);
            if (!message.isInterim()) {
                release(submissionId);
            }
            return;
        }
        Faults faults = current.faults();
        Dice.CallbackRoll roll = dice.rollCallback();
        if (roll.drop() < faults.callbackDropRate()) {
            record(submissionId, channel, DeliveryTrigger.AUTOMATIC, message, target.get(), DeliveryState.DROPPED);
            if (!message.isInterim()) {
                release(submissionId);
            }
            return;
        }
        boolean heldBack = message.isInterim() && faults.callbackReorder();
        CallbackDelivery delivery = record(submissionId, channel, DeliveryTrigger.AUTOMATIC, message, target.get(),
                heldBack ? DeliveryState.HELD : DeliveryState.PENDING);
        // Rolled now even when held, so a seed gives the same faults however long the delivery waits.
        Planned planned = new Planned(delivery.id(), channel, message, target.get(), current.callbackRetry(),
                roll.duplicate() < faults.callbackDuplicateRate(), faults.callbackDelayMillis());
        if (heldBack) {
            hold(submissionId, planned);
            return;
        }
        Future<Void> settled = sendInLine(submissionId, planned);
        if (!message.isInterim()) {
            settled.onComplete(done -> release(submissionId));
        }
    }

    /** The scenario sends no callbacks; the delivery is recorded so the control API can say why. */
    public void suppressed(String submissionId, CallbackChannel channel, CallbackMessage message) {
        record(submissionId, channel, DeliveryTrigger.AUTOMATIC, message, config.get().callback(channel).orElse(null),
                DeliveryState.SUPPRESSED);
    }

    /** Sends now, without faults; empty when the channel has no callback URL. */
    public Optional<CallbackDelivery> manual(String submissionId, CallbackChannel channel, CallbackMessage message) {
        SandboxConfig current = config.get();
        Optional<CallbackTarget> target = current.callback(channel);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        CallbackDelivery delivery = record(submissionId, channel, DeliveryTrigger.MANUAL, message, target.get(),
                DeliveryState.PENDING);
        send(delivery.id(), channel, target.get(), current.callbackRetry(), message.body(), 0);
        return Optional.of(delivery);
    }

    /** Forgets deliveries held back by the reorder fault and the delivery order (on reset). */
    public synchronized void forget() {
        held.clear();
        lastInLine.clear();
    }

    /** Forgets deliveries held back for these submissions (a PARTIAL_ONLY one under reorder waits for ever). */
    public synchronized void forget(Set<String> submissionIds) {
        held.keySet().removeAll(submissionIds);
    }

    /** Starts {@code delivery} once the submission's previous automatic delivery has settled. */
    private synchronized Future<Void> inLine(String submissionId, Supplier<Future<Void>> delivery) {
        Future<Void> previous = lastInLine.get(submissionId);
        Future<Void> next = previous == null ? delivery.get() : previous.eventually(delivery::get);
        lastInLine.put(submissionId, next);
        next.onComplete(done -> {
            synchronized (this) {
                lastInLine.remove(submissionId, next);
            }
        });
        return next;
    }

    /** Sends after the configured delay, then its duplicate if one was rolled; settles when both have. */
    private Future<Void> sendInLine(String submissionId, Planned delivery) {
        Future<Void> settled = inLine(submissionId, () -> send(delivery.deliveryId(), delivery.channel(),
                delivery.target(), delivery.retry(), delivery.message().body(), delivery.delayMillis()));
        if (delivery.duplicate()) {
            // In line right behind its original: a duplicate must not overtake the next status (that is reorder's job).
            settled = inLine(submissionId, () -> {
                CallbackDelivery copy = record(submissionId, delivery.channel(), DeliveryTrigger.DUPLICATE,
                        delivery.message(), delivery.target(), DeliveryState.PENDING);
                return send(copy.id(), delivery.channel(), delivery.target(), delivery.retry(),
                        delivery.message().body(), 0);
            });
        }
        return settled;
    }

    private synchronized void hold(String submissionId, Planned delivery) {
        held.computeIfAbsent(submissionId, id -> new ArrayList<>()).add(delivery);
    }

    private void release(String submissionId) {
        List<Planned> waiting;
        synchronized (this) {
            waiting = held.remove(submissionId);
        }
        if (waiting == null) {
            return;
        }
        for (Planned delivery : waiting) {
            log.update(delivery.deliveryId(), d -> d.withState(DeliveryState.PENDING));
            sendInLine(submissionId, delivery);
        }
    }

    private CallbackDelivery record(String submissionId, CallbackChannel channel, DeliveryTrigger trigger,
            CallbackMessage message, CallbackTarget target, DeliveryState deliveryState) {
        CallbackDelivery delivery = new CallbackDelivery(UUID.randomUUID().toString(), submissionId, channel, trigger,
                message.status(), message.result(), message.reasonCode(), target == null ? null : target.url(),
                target == null ? null : target.method(), deliveryState, clock.instant(), List.of());
        log.add(delivery);
        return delivery;
    }

    /** Completes once the delivery is settled (delivered, failed, or abandoned by a reset). */
    private Future<Void> send(String deliveryId, CallbackChannel channel, CallbackTarget target, CallbackRetry retry,
            String body, long initialDelayMillis) {
        Promise<Void> settled = Promise.promise();
        long started = epoch.getAsLong();
        if (initialDelayMillis > 0) {
            vertx.setTimer(initialDelayMillis,
                    t -> attempt(1, deliveryId, channel, target, retry, body, started, settled));
        } else {
            attempt(1, deliveryId, channel, target, retry, body, started, settled);
        }
        return settled.future();
    }

    private void attempt(int number, String deliveryId, CallbackChannel channel, CallbackTarget target,
            CallbackRetry retry, String body, long startEpoch, Promise<Void> settled) {
        if (startEpoch != epoch.getAsLong()) {
            settled.tryComplete();
            return;
        }
        slots.take(() -> attemptNow(number, deliveryId, channel, target, retry, body, startEpoch, settled));
    }

    /** The attempt itself, holding one of the {@link #MAX_EXCHANGES} slots: its time and duration start here. */
    private void attemptNow(int number, String deliveryId, CallbackChannel channel, CallbackTarget target,
            CallbackRetry retry, String body, long startEpoch, Promise<Void> settled) {
        if (startEpoch != epoch.getAsLong()) {
            slots.free();
            settled.tryComplete();
            return;
        }
        Instant at = clock.instant();
        long startNanos = System.nanoTime();
        exchange(target, body, retry.timeoutMillis()).onComplete(answer -> {
            slots.free();
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            CallbackAttempt outcome = answer.succeeded()
                    ? new CallbackAttempt(number, at, answer.result(), null, millis)
                    : new CallbackAttempt(number, at, null, describe(answer.cause()), millis);
            if (startEpoch != epoch.getAsLong()) {
                settled.tryComplete();
                return;
            }
            if (outcome.httpStatus() != null && channel.accepts(outcome.httpStatus())) {
                log.update(deliveryId, d -> d.withAttempt(outcome).withState(DeliveryState.DELIVERED));
                settled.tryComplete();
            } else if (number < retry.maxAttempts()) {
                log.update(deliveryId, d -> d.withAttempt(outcome));
                vertx.setTimer(retry.backoffAfter(number),
                        t -> attempt(number + 1, deliveryId, channel, target, retry, body, startEpoch, settled));
            } else {
                LOG.log(Level.WARNING, "callback {0} failed after {1} attempts", deliveryId, number);
                log.update(deliveryId, d -> d.withAttempt(outcome).withState(DeliveryState.FAILED));
                settled.tryComplete();
            }
        });
    }

    /**
     * One attempt: connect, send, and read the whole answer, within {@code timeoutMillis} in all; answers the
     * HTTP status. The deadline is not an idle timeout, which a receiver sending its answer a byte at a time
     * would never reach while it held the delivery, and the submission's next callbacks behind it, for as long as
     * it liked. At the deadline the request is reset, so the connection goes too.
     */
    private Future<Integer> exchange(CallbackTarget target, String body, long timeoutMillis) {
        Promise<Integer> answered = Promise.promise();
        long deadline = vertx.setTimer(timeoutMillis, t -> answered.tryFail(new TimeoutException()));
        open(target, timeoutMillis)
                .compose(request -> {
                    answered.future().onFailure(cause -> request.reset(0, cause));
                    return request.send(Buffer.buffer(body));
                })
                .compose(response -> response.body().map(read -> response.statusCode()))
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        answered.tryComplete(answer.result());
                    } else {
                        answered.tryFail(answer.cause());
                    }
                });
        return answered.future().onComplete(done -> vertx.cancelTimer(deadline));
    }

    /**
     * The request, or a failed future where the client throws instead (a closed client, an address it cannot use):
     * thrown, it would escape the attempt, leaving the delivery PENDING for ever and the submission's next
     * callbacks waiting behind it.
     */
    private Future<HttpClientRequest> open(CallbackTarget target, long timeoutMillis) {
        try {
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(target.method().name()))
                    .setAbsoluteURI(target.url())
                    .setConnectTimeout(timeoutMillis)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("User-Agent", USER_AGENT);
            if (target.hasAuthHeader()) {
                options.putHeader(target.authHeaderName(), target.authHeaderValue());
            }
            return client.request(options);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** A short reason without the URL: the partner's URL may carry credentials. */
    private static String describe(Throwable cause) {
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return "TIMEOUT";
        }
        if (cause instanceof ConnectException) {
            return "CONNECTION_REFUSED";
        }
        return "CONNECTION_ERROR: " + cause.getClass().getSimpleName();
    }
}
