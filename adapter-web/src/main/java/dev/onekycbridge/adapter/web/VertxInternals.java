package dev.onekycbridge.adapter.web;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.VertxConnection;

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
