package dev.onekycbridge.benchmarks.load;

import dev.onekycbridge.benchmarks.Args;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The baseline of the callback ingest benchmark: a bare Vert.x route on {@code /callbacks/esign} that reads the
 * body (1 MiB limit, as the service's receivers), parses the JSON, checks it has a {@code submissionId}, and
 * answers 200 with the service's body. No storage, no worker thread, no guards: the least any receiver must do.
 *
 * <p>Usage: {@code BareCallbackServer [--port 0] [--host 127.0.0.1]}; prints {@code listening on port N}.
 */
public final class BareCallbackServer {
    static final long BODY_LIMIT = 1024L * 1024;
    private static final String OK = "{\"status\":\"ok\"}";

    private BareCallbackServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        Vertx vertx = Vertx.vertx();
        HttpServer server = start(vertx, args.option("host").orElse("127.0.0.1"), args.intOption("port", 0))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("listening on port " + server.actualPort());
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close));
        Thread.currentThread().join();
    }

    public static Future<HttpServer> start(Vertx vertx, String host, int port) {
        Router router = Router.router(vertx);
        router.route("/callbacks/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route("/callbacks/esign").handler(BareCallbackServer::accept);
        router.get("/health/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        return vertx.createHttpServer().requestHandler(router).listen(port, host);
    }

    private static void accept(RoutingContext ctx) {
        JsonObject parsed;
        try {
            parsed = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            parsed = null;
        }
        if (parsed == null || parsed.getString("submissionId") == null) {
            ctx.response().setStatusCode(400).end();
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(OK);
    }
}
