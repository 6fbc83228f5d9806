package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Answers a request the HTTP layer could not decode, before any route sees it, with a problem document instead of
 * Vert.x's empty answer: a request line too long (414), headers too large (431), a body whose length could be
 * read two ways ({@link StrictRequestDecoder}; 400 naming {@code Transfer-Encoding}), anything else malformed
 * (400).
 * The status is the one Vert.x would give; the connection is closed after it, as Vert.x does, since the rest of
 * what was sent cannot be read. Like every partner API answer, it may be kept by no cache. Nothing of the request is
 * logged: it may hold anything at all.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Problem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = Problem.Kind.URI_TOO_LONG.problem("the request line is longer than the server accepts");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = Problem.Kind.HEADERS_TOO_LARGE.problem("the headers are larger than the server accepts");
        } else if (cause instanceof StrictRequestDecoder.AmbiguousLength refusal) {
            problem = Problem.Kind.MALFORMED_REQUEST.problem("the length of the body cannot be told for sure",
                    List.of(new FieldError("Transfer-Encoding", refusal.getMessage())));
        } else {
            problem = Problem.Kind.MALFORMED_REQUEST.problem("the request is not valid HTTP");
        }
        // No route has read the path, which may be a partner API's: no-store, as every /v1 answer says.
        request.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONNECTION, "close");
        problem.send(request.response()).onComplete(sent -> request.connection().close());
    }
}
