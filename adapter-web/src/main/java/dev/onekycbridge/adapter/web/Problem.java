package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error answer in RFC 9457 form ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, and always an {@code errors} list of {@code {field, message}}. Details and
 * messages never repeat a submitted value.
 *
 * @param extensions extra members, such as the id of a conflicting submission
 */
record Problem(String type, String title, int status, String detail, List<FieldError> errors,
               Map<String, Object> extensions) {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:onekyc-bridge:problem:";

    Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The kinds of problem the service answers with: each has its type, title and status. */
    enum Kind {
        MALFORMED_REQUEST(400, "The request is malformed"),
        CALLBACK_REJECTED(400, "The callback is not a result message"),
        UNAUTHORIZED(401, "Authentication is required"),
        FORBIDDEN(403, "The source address is not allowed"),
        NOT_FOUND(404, "Not found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"),
        REQUEST_TIMEOUT(408, "The request took too long to arrive"),
        CONFLICT(409, "The request conflicts with another submission"),
        LENGTH_REQUIRED(411, "The request needs a Content-Length"),
        PAYLOAD_TOO_LARGE(413, "The request is too large"),
        URI_TOO_LONG(414, "The request's URI is too long"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported content type"),
        EXPECTATION_FAILED(417, "The request's expectation cannot be met"),
        VALIDATION_FAILED(422, "The request has invalid fields"),
        HEADERS_TOO_LARGE(431, "The request's headers are too large"),
        INTERNAL_ERROR(500, "Internal server error"),
        FLOW_NOT_CONFIGURED(501, "The flow is not configured in this deployment"),
        PLATFORM_REJECTED(502, "The OneKYC platform refused the request"),
        UNAVAILABLE(503, "The service is temporarily unavailable");

        final int status;
        final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        String type() {
            return TYPE_PREFIX + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        Problem problem(String detail) {
            return new Problem(type(), title, status, detail, List.of(), Map.of());
        }

        Problem problem(String detail, List<FieldError> errors) {
            return new Problem(type(), title, status, detail, errors, Map.of());
        }

        /** The kind for a bare HTTP status, as Vert.x fails a request (e.g. 413 from the body handler). */
        static Kind forStatus(int status) {
            for (Kind kind : values()) {
                if (kind.status == status && kind != CALLBACK_REJECTED && kind != FLOW_NOT_CONFIGURED) {
                    return kind;
                }
            }
            return status >= 400 && status < 500 ? MALFORMED_REQUEST : INTERNAL_ERROR;
        }
    }

    Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, errors, more);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("type", type)
                .put("title", title)
                .put("status", status);
        if (detail != null) {
            json.put("detail", detail);
        }
        JsonArray list = new JsonArray();
        errors.forEach(error -> list.add(new JsonObject().put("field", error.field()).put("message", error.message())));
        json.put("errors", list);
        extensions.forEach(json::put);
        return json;
    }

    /** Sends the problem, unless the response has already begun. */
    void send(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        send(ctx.response());
    }

    /**
     * Sends the problem with {@code Connection: close} and closes the connection once it is sent, or at once if
     * the answer has begun: for a request whose body was not read to its end, so that the connection cannot carry
     * another request.
     */
    void sendAndClose(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            connection.close();
            return;
        }
        response.putHeader(HttpHeaders.CONNECTION, "close");
        send(response).onComplete(sent -> connection.close());
    }

    /** Sends the problem on a response that has not begun. */
    Future<Void> send(HttpServerResponse response) {
        return response
                .setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(toJson().encode());
    }
}
