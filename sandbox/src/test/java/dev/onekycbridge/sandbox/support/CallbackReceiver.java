package dev.onekycbridge.sandbox.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A partner's callback endpoint on loopback: records what arrives and answers as told. */
public final class CallbackReceiver implements AutoCloseable {

    /** One received callback. */
    public record Received(String method, String path, Map<String, String> headers, String body, Instant at) {

        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private volatile int defaultStatus = 200;
    private volatile long delayMillis;
    private volatile int trickleBytes;
    private volatile long trickleEveryMillis;

    private CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static CallbackReceiver start() {
        return new CallbackReceiver();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers, in order; afterwards {@link #answerAlways}'s status (200 unless changed). */
    public synchronized CallbackReceiver answerNext(int... next) {
        for (int status : next) {
            statuses.addLast(status);
        }
        return this;
    }

    public CallbackReceiver answerAlways(int status) {
        defaultStatus = status;
        return this;
    }

    public CallbackReceiver delayAnswers(Duration delay) {
        delayMillis = delay.toMillis();
        return this;
    }

    /** Answers at once, then sends the body one byte at a time, {@code every} apart: never idle, never done. */
    public CallbackReceiver trickleAnswers(int bytes, Duration every) {
        trickleBytes = bytes;
        trickleEveryMillis = every.toMillis();
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> awaitCount(int count) {
        return Eventually.await(this::received, list -> list.size() >= count);
    }

    public List<Received> awaitCount(int count, Duration timeout) {
        return Eventually.await(this::received, list -> list.size() >= count, timeout);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        int status;
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    Instant.now()));
            status = statuses.isEmpty() ? defaultStatus : statuses.removeFirst();
        }
        if (delayMillis > 0) {
            Eventually.pause(delayMillis);
        }
        try {
            if (trickleBytes > 0) {
                exchange.sendResponseHeaders(status, 0);
                for (int i = 0; i < trickleBytes; i++) {
                    exchange.getResponseBody().write('.');
                    exchange.getResponseBody().flush();
                    Eventually.pause(trickleEveryMillis);
                }
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
        } catch (IOException clientGone) {
            // The sandbox gave up (timeout): nothing left to answer.
        }
        exchange.close();
    }
}
