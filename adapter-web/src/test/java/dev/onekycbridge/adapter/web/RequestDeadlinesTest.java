package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestDeadlinesTest extends VertxTest {
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A kept-alive connection may carry millions of requests: what the deadlines keep for a request must go once
     * it has been read, not stay until the connection closes.
     */
    @Test
    void nothingOfARequestReadIsKeptWhileItsConnectionStaysOpen() throws Exception {
        RequestDeadlines deadlines = new RequestDeadlines(vertx, WebConfig.defaults(), new Metrics());
        AtomicReference<WeakReference<Future<Void>>> firstArrival = new AtomicReference<>();
        Router router = Router.router(vertx);
        router.route().handler(deadlines::requestArrived);
        router.route().handler(ctx -> {
            firstArrival.compareAndSet(null, new WeakReference<>(RequestDeadlines.arrivalEnded(ctx)));
            ctx.response().end("ok");
        });
        server = vertx.createHttpServer().connectionHandler(deadlines::connected).requestHandler(router)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(in.readNBytes(answer.length), StandardCharsets.US_ASCII))
                        .isEqualTo(new String(answer, StandardCharsets.US_ASCII));
            }

            assertThat(collected(firstArrival.get())).as("the first request's arrival, collected").isTrue();
        }
    }

    /** Whether the referent is collected within a few seconds of garbage collections. */
    private static boolean collected(WeakReference<?> reference) throws InterruptedException {
        List<byte[]> pressure = new ArrayList<>();
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            pressure.add(new byte[1 << 20]);
            System.gc();
            Thread.sleep(50);
            if (pressure.size() > 16) {
                pressure.clear();
            }
        }
        return reference.get() == null;
    }
}
