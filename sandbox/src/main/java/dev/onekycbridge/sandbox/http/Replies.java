package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Writes the platform's envelopes and the control API's plain JSON. */
final class Replies {

    private static final String JSON = "application/json";

    private Replies() {
    }

    /** {@code {success:true, data}}. */
    static void ok(RoutingContext ctx, JsonObject data) {
        json(ctx, 200, new JsonObject().put("success", true).put("data", data));
    }

    /**
     * {@code {success:false, errors:[…]}} with the first problem's status. As published: 401 answers and the COE
     * token service's 400 carry {@code data:null}, the Esign "user not found" 404s carry {@code data:{}}.
     */
    static void error(RoutingContext ctx, Dialect dialect, List<Problem> problems) {
        Problem first = problems.get(0);
        JsonArray items = new JsonArray();
        problems.forEach(p -> items.add(item(dialect, p.code(), p.cause())));
        JsonObject body = new JsonObject().put("success", false);
        if (first.httpStatus() == 401 || dialect == Dialect.COE_TOKEN) {
            body.putNull("data");
        } else if (first == Problem.USER_NOT_FOUND_FOR_PARTNER || first == Problem.USER_NOT_FOUND) {
            body.put("data", new JsonObject());
        }
        json(ctx, first.httpStatus(), body.put("errors", items));
    }

    static void error(RoutingContext ctx, Dialect dialect, Problem problem) {
        error(ctx, dialect, List.of(problem));
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonObject object ? object.encode()
                : body instanceof JsonArray array ? array.encode() : String.valueOf(body);
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(text);
    }

    /** The control API's error: {@code {"error": "..."}}. */
    static void controlError(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /** An S3-style XML error, as object stores answer. */
    static void storageError(RoutingContext ctx, int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message><Resource>" + escape(ctx.request().path()) + "</Resource></Error>";
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/xml").end(xml);
    }

    private static JsonObject item(Dialect dialect, int code, String cause) {
        JsonObject item = new JsonObject();
        if (dialect.numericCodes()) {
            item.put("code", code);
        } else {
            item.put("code", String.valueOf(code));
        }
        item.put("cause", cause);
        if (dialect.entity() != null) {
            item.put("entity", dialect.entity());
        }
        return item;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
