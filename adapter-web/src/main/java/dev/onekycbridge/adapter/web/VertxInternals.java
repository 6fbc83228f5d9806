package dev.onekycbridge.adapter.web;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.VertxConnection;

/**
 * What Vert.x (5.0) does not offer through its public API, reached through its implementation classes. Each use
 * does nothing when the connection is not of the class it knows, so that a Vert.x upgrade that changes them fails
 * the tests that cover them rather than the requests.
 */
final class VertxInternals {
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
}
