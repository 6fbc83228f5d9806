package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.Faults;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.faults.Dice;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Plays the request faults on platform endpoints: a random latency, then maybe a connection reset, then maybe an
 * error status, else the real handler, whose answer may then be lost. Never on {@code /_sandbox}; on the object
 * store only when asked.
 */
final class FaultInjector implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final SandboxState state;

    FaultInjector(Vertx vertx, SandboxState state) {
        this.vertx = vertx;
        this.state = state;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        Faults faults = state.config().faults();
        boolean objectStore = path.startsWith(Links.OBJECTS_PREFIX);
        boolean active = faults.errorRate() > 0 || faults.resetRate() > 0 || faults.latencyMillisMax() > 0
                || faults.lostAnswerRate() > 0;
        if (!active || ControlRoutes.isControlPath(path) || (objectStore && !faults.objectStore())) {
            ctx.next();
            return;
        }
        Dice.RequestRoll roll = state.dice().rollRequest(faults.lostAnswerRate() > 0);
        long delay = (long) (roll.latency() * (faults.latencyMillisMax() + 1));
        Runnable decide = () -> {
            if (roll.reset() < faults.resetRate()) {
                ctx.request().connection().close();
            } else if (roll.error() < faults.errorRate()) {
                fail(ctx, faults.errorStatus(), objectStore);
            } else if (roll.lostAnswer() < faults.lostAnswerRate()) {
                // The request takes effect; only its answer never reaches the caller, who cannot tell this from a
                // request that never arrived.
                ctx.addHeadersEndHandler(v -> ctx.request().connection().close());
                ctx.next();
            } else {
                ctx.next();
            }
        };
        if (delay > 0) {
            vertx.setTimer(delay, t -> decide.run());
        } else {
            decide.run();
        }
    }

    private void fail(RoutingContext ctx, int status, boolean objectStore) {
        if (status == 429) {
            ctx.response().putHeader("Retry-After", "1");
        }
        if (objectStore) {
            Replies.storageError(ctx, status, storageCode(status), "Injected fault.");
            return;
        }
        String path = ctx.request().path();
        Replies.error(ctx, Dialect.ofPath(path),
                InjectedErrors.of(status, ctx.request().method(), path, state.config()));
    }

    /** The S3 error code that goes with the status, as a client's storage SDK would see it. */
    static String storageCode(int status) {
        return switch (status) {
            case 400 -> "InvalidRequest";
            // S3 answers a refused credential 403; a storage service that answers 401 means the same refusal.
            case 401, 403 -> "AccessDenied";
            case 429, 503 -> "SlowDown";
            default -> "InternalError";
        };
    }
}
