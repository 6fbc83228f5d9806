package dev.onekycbridge.sandbox.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Keeps the body handler from decoding a body as a form. The platform's APIs read JSON and the object store raw
 * bytes, whatever the Content-Type, and {@code curl --data-binary} declares
 * {@code application/x-www-form-urlencoded}: decoded as a form, an image or a JSON text with a '%' in it ended
 * the request with a bare 400 before any route, fault or recorder saw it. The type as declared stays readable
 * through {@link #declared}.
 */
final class FormTypeGuard implements Handler<RoutingContext> {
    private static final String DECLARED = "sandbox.declaredContentType";

    @Override
    public void handle(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && isForm(type.toLowerCase(Locale.ROOT))) {
            ctx.put(DECLARED, type);
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
        }
        ctx.next();
    }

    /** The Content-Type the client sent. */
    static String declared(RoutingContext ctx) {
        String kept = ctx.get(DECLARED);
        return kept != null ? kept : ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    }

    private static boolean isForm(String type) {
        return type.contains("application/x-www-form-urlencoded") || type.contains("multipart/form-data");
    }
}
