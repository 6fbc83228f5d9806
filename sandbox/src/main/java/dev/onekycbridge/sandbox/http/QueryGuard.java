package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.objects.Links;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 400 to a query string that does not decode (a bad percent escape), before anything reads it. Left to
 * Vert.x, a form-typed body (curl's default for {@code --data-binary}) made the body handler fail outside the
 * router, so the request got no answer at all, and the error log repeated the whole query, presigned-URL
 * signature and launch token included.
 */
final class QueryGuard implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        try {
            ctx.request().params();
        } catch (IllegalArgumentException malformed) {
            if (ctx.request().path().startsWith(Links.OBJECTS_PREFIX)) {
                Replies.storageError(ctx, 400, "InvalidArgument", "The query string is not properly encoded.");
            } else {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("Bad Request");
            }
            return;
        }
        ctx.next();
    }
}
