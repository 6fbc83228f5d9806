package dev.onekycbridge.sandbox.support;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.engine.SandboxEngine;
import dev.onekycbridge.sandbox.http.SandboxRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox on loopback whose engine runs on a {@link ManualClock}, for what only shows over days: expiry,
 * retention. Timers (processing delays, callback retries) still run on real time.
 */
public final class ClockedSandbox implements AutoCloseable {

    private final Vertx vertx;
    private final SandboxEngine engine;
    private final ManualClock clock;
    private final String baseUrl;

    private ClockedSandbox(Vertx vertx, SandboxEngine engine, ManualClock clock, String baseUrl) {
        this.vertx = vertx;
        this.engine = engine;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    public static ClockedSandbox start(SandboxConfig config) {
        Vertx vertx = Vertx.vertx();
        // Whole seconds, as the sandbox states expiries in epoch seconds.
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        SandboxEngine engine = new SandboxEngine(vertx, config, clock);
        HttpServer server = await(vertx.createHttpServer().requestHandler(SandboxRouter.create(vertx, engine))
                .listen(0, "127.0.0.1"));
        String base = "http://127.0.0.1:" + server.actualPort();
        engine.links().baseUrl(base);
        return new ClockedSandbox(vertx, engine, clock, base);
    }

    public SandboxEngine engine() {
        return engine;
    }

    public ManualClock clock() {
        return clock;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Platform platform() {
        return new Platform(new Http(baseUrl));
    }

    @Override
    public void close() {
        engine.close();
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
