package dev.onekycbridge.adapter.web;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.VertxConnection;
import java.util.List;
import java.util.function.Consumer;

/**
 * What Vert.x (5.0) does not offer through its public API, reached through its implementation classes. Each use
 * does nothing when the connection is not of the class it knows, so that a Vert.x upgrade that changes them fails
 * the tests that cover them rather than the requests.
 */
final class VertxInternals {
    /** The name of the request decoder in a connection's pipeline. */
    private static final String DECODER = "httpDecoder";

    private VertxInternals() {
    }

    /**
     * Writes out at once what was written on the connection. While Vert.x handles the bytes it has read, its writes
     * wait for the end of that read; a connection it then closes drops them.
     */
    static void flush(HttpConnection connection) {
        if (connection instanceof VertxConnection vertx) {
            vertx.flush();
        }
    }

    /**
     * Whether a byte of a request has arrived on the connection since its last request was read to its end, as its
     * {@link StrictRequestDecoder} saw; true when the connection has none, as a request that may have begun.
     */
    static boolean requestBegun(HttpConnection connection) {
        return !(connection instanceof VertxConnection vertx
                && vertx.channel().pipeline().get(DECODER) instanceof StrictRequestDecoder decoder)
                || decoder.requestBegun();
    }

    /**
     * Holds the text parts of the request's multipart body to {@code limit} bytes in all, as the connection's
     * {@link StrictRequestDecoder} counts them ({@link StrictRequestDecoder#limitTextParts});
     * {@link TextPartCount.Status#UNKNOWN} when the connection has none, or the request is not among those it
     * counts. The request is known by its headers: Vert.x (5.0) hands the handlers the very object its decoder made
     * for them.
     */
    static TextPartCount.Status limitTextParts(HttpServerRequest request, long limit,
                                               Consumer<List<String>> whenOver) {
        // On the connection's event loop only, where the decoder runs.
        if (request.connection() instanceof VertxConnection vertx && vertx.channel().eventLoop().inEventLoop()
                && vertx.channel().pipeline().get(DECODER) instanceof StrictRequestDecoder decoder) {
            return decoder.limitTextParts(request.headers(), limit, whenOver);
        }
        return TextPartCount.Status.UNKNOWN;
    }

    /**
     * Puts a {@link StrictRequestDecoder} in place of the connection's request decoder, before it has read a byte:
     * for the server's connection handler, which Vert.x calls as it sets the connection up (HTTP/1.1 only, no
     * cleartext HTTP/2 to detect first). Vert.x offers no option for it.
     */
    static void useStrictDecoder(HttpConnection connection, HttpServerOptions options) {
        if (connection instanceof VertxConnection vertx) {
            ChannelPipeline pipeline = vertx.channel().pipeline();
            if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
                pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
            }
        }
    }
}
