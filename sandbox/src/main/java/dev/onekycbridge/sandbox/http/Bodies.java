package dev.onekycbridge.sandbox.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Request bodies as JSON objects; anything else (empty, malformed, an array) is absent. */
final class Bodies {

    private Bodies() {
    }

    static Optional<JsonObject> object(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Json.decodeValue(ctx.body().buffer()) instanceof JsonObject object
                    ? Optional.of(object) : Optional.empty();
        } catch (DecodeException malformed) {
            return Optional.empty();
        }
    }
}
