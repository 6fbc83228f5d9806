package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.engine.SandboxEngine;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Builds the one router behind the sandbox's one port: platform paths (on the plain base URL and under each host's
 * prefix), object store and control API.
 */
public final class SandboxRouter {

    /** Larger than any KTP or selfie photo a partner should send. */
    static final long BODY_LIMIT_BYTES = 20L * 1024 * 1024;

    private SandboxRouter() {
    }

    public static Router create(Vertx vertx, SandboxEngine engine) {
        Router router = Router.router(vertx);
        router.route().handler(new HostPrefixes());
        router.route().handler(ctx -> {
            engine.housekeeping().sweepIfDue();
            ctx.next();
        });
        router.route().handler(new QueryGuard());
        router.route().handler(new FormTypeGuard());
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.route().handler(new RequestRecorder(engine.state()));
        router.route().handler(new FaultInjector(vertx, engine.state()));
        new TokenRoutes(engine.state()).mount(router);
        new CertRegRoutes(engine.state(), engine.links(), engine.processor()).mount(router);
        new EsignDetailsRoute(engine.state(), engine.results()).mount(router);
        new InitiateFlowRoute(engine.state(), engine.links(), engine.processor()).mount(router);
        new CoeRoutes(engine.state(), engine.links(), engine.processor(), engine.results()).mount(router);
        new ObjectStoreRoutes(engine.state()).mount(router);
        new WebSdkRoutes(engine.state(), engine.processor()).mount(router);
        new ControlRoutes(engine).mount(router);
        return router;
    }
}
