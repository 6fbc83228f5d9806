package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stall or trickle cannot hold the server: raw sockets against the real server on loopback, with
 * short timeouts. A server that kept such a connection open would leave the socket's read waiting until its own
 * timeout, which fails the test.
 */
class SlowClientsTest extends VertxTest {
    /**
     * The timeouts under test. A client here must also do its next step within one (send a request's first bytes
     * after connecting, or the next request's after reading an answer): three seconds leave room for a busy machine
     * to hold the test's thread up for a couple. It is also the period over which a body must bring
     * {@link WebConfig#MIN_BODY_BYTES_PER_SECOND} a second: 3 KiB.
     */
    private static final Duration SHORT = Duration.ofSeconds(3);
    /** Far longer than any timeout configured here: reaching it means the server never closed. */
    private static final int CLIENT_PATIENCE_MILLIS = 15_000;

    private final ExecutorService tricklers = Executors.newCachedThreadPool();
    /** Held here so that its level, set for a test, is not lost with the logger to garbage collection. */
    private final Logger deadlinesLogger = Logger.getLogger(RequestDeadlines.class.getName());
    private TestBridge bridge;

    @AfterEach
    void stop() {
        tricklers.shutdownNow();
        deadlinesLogger.setLevel(null);
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheRequestTimeout() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestTimeout(SHORT));

        try (Socket socket = connect()) {
            assertThat(RawHttp.readUntilClosed(socket)).as("what the server sent before closing").isEmpty();
        }
    }

    /** A request being handled sends nothing until its answer: an identity verification waits for the platform. */
    @Test
    void anAnswerTakingLongerThanTheIdleTimeoutStillArrives() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT).withRequestTimeout(SHORT));
        bridge.useCaseDelay = SHORT.multipliedBy(2);

        try (Socket socket = connect()) {
            send(socket, "GET /v1/submissions/" + java.util.UUID.randomUUID() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(RawHttp.readUntilClosed(socket)).startsWith("HTTP/1.1 404");
        }
        assertThat(bridge.useCaseThreads).singleElement().asString().startsWith("getSubmission");
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutBetweenRequests() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT));

        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = RawHttp.responseHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
            socket.getInputStream().readNBytes(contentLength(head));

            assertThat(RawHttp.readUntilClosed(socket)).as("what the server sent after its answer").isEmpty();
        }
    }

    /** A load balancer's or Prometheus's pooled connection waits like this: no request was cut off. */
    @Test
    void aKeptAliveConnectionClosedWhileIdleIsNotCountedAsATimedOutRequest() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT).withRequestTimeout(SHORT));

        try (CapturedLogs logs = deadlineLogs(); Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = RawHttp.responseHead(socket.getInputStream());
            socket.getInputStream().readNBytes(contentLength(head));

            assertThat(RawHttp.readUntilClosed(socket)).as("what the server sent after its answer").isEmpty();
            assertThat(logs.records()).as("logged as a slow request").isEmpty();
        }
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    /** Some clients end a body with an empty line, which RFC 9112 §2.2 says to ignore: it begins no request. */
    @Test
    void anEmptyLineAfterARequestDoesNotMakeTheIdleConnectionATimedOutRequest() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT).withRequestTimeout(SHORT));

        try (CapturedLogs logs = deadlineLogs(); Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = RawHttp.responseHead(socket.getInputStream());
            socket.getInputStream().readNBytes(contentLength(head));
            send(socket, "\r\n");

            assertThat(RawHttp.readUntilClosed(socket)).as("what the server sent after its answer").isEmpty();
            assertThat(logs.records()).as("logged as a slow request").isEmpty();
        }
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    @Test
    void aNextRequestWhoseHeadersStartedButDidNotFinishInTimeIsCountedAsTimedOut() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT).withRequestTimeout(SHORT));

        try (CapturedLogs logs = deadlineLogs(); Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = RawHttp.responseHead(socket.getInputStream());
            socket.getInputStream().readNBytes(contentLength(head));
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 12");

            assertThat(RawHttp.readUntilClosed(socket)).as("no second request was read, so none is answered")
                    .isEmpty();
            assertThat(logs.records()).singleElement().extracting(LogRecord::getMessage).asString()
                    .contains("did not arrive in time");
        }
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_requests_timed_out_total{phase=\"headers\"} 1");
    }

    /** A connection opened and never used (a browser's preconnect, a TCP probe) carried no request either. */
    @Test
    void aConnectionClosedBeforeItsFirstRequestBeganIsNotCountedAsATimedOutRequest() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestTimeout(SHORT));

        try (Socket socket = connect()) {
            assertThat(RawHttp.readUntilClosed(socket)).isEmpty();
        }
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    /** Pipelined: the second request is read while the first is answered, and its answer is slow to come. */
    @Test
    void aPipelinedRequestWhoseAnswerTakesLongerThanTheIdleTimeoutStillArrives() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withIdleTimeout(SHORT).withRequestTimeout(SHORT));
        bridge.useCaseDelay = SHORT.multipliedBy(2);

        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /v1/submissions/" + java.util.UUID.randomUUID() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(RawHttp.readUntilClosed(socket)).startsWith("HTTP/1.1 200").contains("HTTP/1.1 404");
        }
    }

    @Test
    void aRequestWhoseHeadersTrickleIsClosedWhileOtherClientsAreServed() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestTimeout(SHORT));

        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            trickle(socket, ("X-Padding: " + "a".repeat(400) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    50);

            assertThat(RawHttp.readUntilClosed(socket)).as("no request was read, so none is answered").isEmpty();
        }
        assertThat(bridge.get("/health/live").status()).isEqualTo(200);
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_requests_timed_out_total{phase=\"headers\"} 1");
    }

    @Test
    void aMultipartUploadThatTricklesIsAnswered408AndLeavesNoUploadFileBehind() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestTimeout(SHORT));
        Multipart form = ktpScan("trickling-user", TestData.jpeg(8 * 1024));
        byte[] body = form.body();
        // The details, the image part's headers and 4 KiB of the image: more than the first period asks for (3 KiB).
        // Then 10 bytes a second, a hundredth of what the next period asks for.
        int firstPart = body.length - 4 * 1024;

        String answer;
        try (CapturedLogs logs = CapturedLogs.start()) {
            try (Socket socket = connect()) {
                send(socket, multipartHead("/v1/ktp-scans", form));
                socket.getOutputStream().write(body, 0, firstPart);
                assertThat(awaitAFile(bridge.uploadsDirectory())).as("the image part being written to a file")
                        .isTrue();
                trickle(socket, Arrays.copyOfRange(body, firstPart, body.length), 100);

                answer = RawHttp.readUntilClosed(socket);
            }
            assertThat(UploadsOverHttpTest.awaitEmpty(bridge.uploadsDirectory())).as("files left behind").isEmpty();
            assertThat(logs.warnings()).isEmpty();
            assertThat(logs.records()).noneSatisfy(record -> assertThat(String.valueOf(record.getMessage())
                    + Arrays.toString(record.getParameters())).contains("trickling-user"));
        }

        assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
                .contains(Problem.CONTENT_TYPE);
        JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:request-timeout");
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("body");
        assertThat(bridge.useCaseThreads).as("use cases called").isEmpty();
        assertThat(bridge.store.all()).as("submissions stored").isEmpty();
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_requests_timed_out_total{phase=\"body\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/ktp-scans\",method=\"POST\","
                        + "status=\"408\"} 1");
    }

    @Test
    void aSlowButSteadyUploadTakingSeveralRequestTimeoutsIsAccepted() throws Exception {
        // At least 3 KiB in each period of 3 s; this client sends 2 KiB every 100 ms, 20 times that, for about 6.5 s.
        // A pause of over 2.8 s in its sending, not a busy machine's second or two, would leave a period short.
        bridge = TestBridge.start(vertx, config -> config.withRequestTimeout(SHORT));
        Multipart form = ktpScan("steady-user", TestData.jpeg(128 * 1024));
        byte[] body = form.body();

        String answer;
        long sending;
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            send(socket, multipartHead("/v1/ktp-scans", form));
            OutputStream out = socket.getOutputStream();
            for (int sent = 0; sent < body.length; sent += 2048) {
                out.write(body, sent, Math.min(2048, body.length - sent));
                out.flush();
                Thread.sleep(100);
            }
            sending = System.nanoTime() - started;
            answer = RawHttp.readUntilClosed(socket);
        }

        assertThat(Duration.ofNanos(sending)).as("the upload's time").isGreaterThan(SHORT.multipliedBy(2));
        assertThat(answer).startsWith("HTTP/1.1 202");
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    /**
     * The first multipart body after the start waits, unread, while a worker checks the uploads directory: with
     * every worker busy, for longer than a request timeout. That wait is the server's, not the client's pace.
     */
    @Test
    void aMultipartBodyHeldBackWhileTheUploadsDirectoryIsCheckedIsNotCutOffAsSlow() throws Exception {
        Duration requestTimeout = Duration.ofSeconds(2);
        bridge = TestBridge.start(vertx, config -> config.withWorkerPoolSize(1).withRequestTimeout(requestTimeout));
        Multipart form = ktpScan("held-back-user", TestData.jpeg(16 * 1024));

        String answer;
        try (Socket socket = connect()) {
            try (HeldWorkers ignored = bridge.holdPartnerWorkers(1, 1)) {
                send(socket, multipartHead("/v1/ktp-scans", form));
                socket.getOutputStream().write(form.body());
                socket.getOutputStream().flush();

                Thread.sleep(requestTimeout.multipliedBy(2).plusMillis(500).toMillis());
            }
            answer = RawHttp.readUntilClosed(socket);
        }

        assertThat(answer).startsWith("HTTP/1.1 202");
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    /** What {@link RequestDeadlines} logs, DEBUG included, while it is open. */
    private CapturedLogs deadlineLogs() {
        deadlinesLogger.setLevel(Level.FINE);
        return CapturedLogs.of(RequestDeadlines.class);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", bridge.port());
        socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Writes the bytes one at a time, {@code pauseMillis} apart, on another thread, until they or the socket end. */
    private void trickle(Socket socket, byte[] bytes, long pauseMillis) {
        tricklers.submit(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException | InterruptedException e) {
                // The server closed the connection (or the test ended): the point of the test.
            }
            return null;
        });
    }

    /** The head of a POST of the form, with its length, asking the server to close the connection after it. */
    private static String multipartHead(String path, Multipart form) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: " + form.contentType() + "\r\nContent-Length: " + form.body().length + "\r\n\r\n";
    }

    private static Multipart ktpScan(String partnerUserId, byte[] image) {
        return new Multipart()
                .text("details", new JsonObject().put("partnerUserId", partnerUserId)
                        .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("ktp", "ktp.jpg", "image/jpeg", image);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /** Whether a file appears in the directory within 5 seconds. */
    private static boolean awaitAFile(Path directory) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.list(directory)) {
                if (files.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)).findAny()
                        .isPresent()) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }
}
