package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request bodies held in memory at once stay within the budget: raw sockets against the real server on loopback.
 * Each request asks for {@code 100 Continue}, which the body handler sends only once the request has its share:
 * a request that gets it holds memory, one that does not is waiting.
 */
class BodyMemoryTest extends VertxTest {
    /** Room for 150,000 bytes of body, each counted {@link BodyMemory#COPIES} times. */
    private static final int BUDGET = 150_000 * BodyMemory.COPIES;
    /** Long enough to tell a request that waits from one that would be let through. */
    private static final int QUIET_MILLIS = 400;
    private static final String ESIGN = WebRouter.CALLBACK_ESIGN;

    private final ExecutorService senders = Executors.newCachedThreadPool();
    private TestBridge bridge;

    @AfterEach
    void stop() {
        senders.shutdownNow();
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aCallbackThatDoesNotFitWaitsUnreadAndIsStoredOnceTheMemoryIsGivenBack() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));

        try (Socket holder = connect(); Socket waiter = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000001", 100_000);
            byte[] waiting = callback("aaaaaaaa-0000-4000-8000-000000000002", 60_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            askToSend(waiter, ESIGN, waiting.length);
            assertNothingArrives(waiter);
            assertThat(bridge.inbox.all()).isEmpty();

            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            awaitContinue(waiter);
            assertThat(send(waiter, waiting)).startsWith("HTTP/1.1 200");
        }

        assertThat(bridge.inbox.all()).extracting(InboxEntry::body).map(String::strip).containsExactlyInAnyOrder(
                new String(callback("aaaaaaaa-0000-4000-8000-000000000001", 0), StandardCharsets.UTF_8),
                new String(callback("aaaaaaaa-0000-4000-8000-000000000002", 0), StandardCharsets.UTF_8));
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"admitted\"} 1");
    }

    @Test
    void aRequestWhoseClientLeavesWhileItWaitsIsCountedAsAbandonedAndClosedNotAsAnswered() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));

        try (Socket holder = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000001", 100_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            try (Socket waiter = connect()) {
                askToSend(waiter, ESIGN, 60_000);
                assertNothingArrives(waiter);
            }
            // The holder goes on only once the server has seen the waiter leave: sooner, the memory given back
            // could admit the waiter before its close arrives.
            awaitScrape("onekyc_bridge_http_body_memory_waits_total{outcome=\"abandoned\"} 1");
            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
        }

        awaitScrape("status=\"closed\"");
        awaitScrape("status=\"200\"");
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"abandoned\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\",status=\"200\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\","
                        + "status=\"closed\"} 1");
    }

    @Test
    void bodiesThatFitTogetherAreReadTogether() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));

        try (Socket first = connect(); Socket second = connect()) {
            byte[] one = callback("aaaaaaaa-0000-4000-8000-000000000009", 75_000);
            byte[] other = callback("aaaaaaaa-0000-4000-8000-000000000010", 75_000);
            askToSend(first, ESIGN, one.length);
            awaitContinue(first);
            askToSend(second, ESIGN, other.length);
            awaitContinue(second);

            assertThat(send(second, other)).startsWith("HTTP/1.1 200");
            assertThat(send(first, one)).startsWith("HTTP/1.1 200");
        }
        assertThat(bridge.metrics.scrape(null)).doesNotContain("onekyc_bridge_http_body_memory_waits_total{");
    }

    /** The body was never read, so the connection is closed; its wait did not count against the client's pace. */
    @Test
    void aRequestThatWaitsARequestTimeoutIsAnswered503WithRetryAfterAndNothingIsStored() throws Exception {
        // The waiter's patience, and the period over which a body must bring 3 KiB.
        Duration requestTimeout = Duration.ofSeconds(3);
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET).withRequestTimeout(requestTimeout));

        try (Socket holder = connect(); Socket waiter = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000003", 140_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            // 2 KiB every 100 ms, 20 times the pace asked of a body (a pause of over 2.8 s would leave a period
            // short), for about 7 s: the holder keeps its memory until well after the waiter's patience has run out.
            Future<String> holderAnswer = senders.submit(() -> sendSteadily(holder, held, 2048, 100));
            askToSend(waiter, ESIGN, 60_000);

            String refusal = RawHttp.readUntilClosed(waiter);

            assertThat(refusal).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: close")
                    .containsIgnoringCase("retry-after: " + FailureHandler.RETRY_AFTER_SECONDS);
            JsonObject problem = new JsonObject(refusal.substring(refusal.indexOf("\r\n\r\n") + 4));
            assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:unavailable");
            assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("body");
            assertThat(holderAnswer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
        }

        assertThat(bridge.inbox.all()).hasSize(1);
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"refused\"} 1")
                .doesNotContain("onekyc_bridge_http_requests_timed_out_total{");
    }

    /** What waiting requests have read ahead is held too: beyond their part of the budget, none waits. */
    @Test
    void aRequestThatFindsTooMuchWaitingIsAnswered503AtOnce() throws Exception {
        // Waiting bodies may declare 1,500 bytes in all: room for one of 1,000.
        long budget = 1_500 * BodyMemory.WAITING_SHARE;
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(budget)
                .withRequestTimeout(Duration.ofSeconds(20)));

        try (Socket holder = connect(); Socket waiter = connect(); Socket third = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000011", (int) budget / BodyMemory.COPIES);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            askToSend(waiter, ESIGN, 1_000);
            assertNothingArrives(waiter);
            askToSend(third, ESIGN, 1_000);

            assertThat(RawHttp.readUntilClosed(third)).startsWith("HTTP/1.1 503")
                    .containsIgnoringCase("retry-after: " + FailureHandler.RETRY_AFTER_SECONDS);
            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            awaitContinue(waiter);
            assertThat(send(waiter, callback("aaaaaaaa-0000-4000-8000-000000000012", 1_000)))
                    .startsWith("HTTP/1.1 200");
        }
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"refused\"} 1")
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"admitted\"} 1");
    }

    /** The platform and partners send a refused request again, and a client may send many: no line for each. */
    @Test
    void refusalsForMemoryAreWarnedAboutOnceAMinuteAndTheRestToldWhenTheServerCloses() throws Exception {
        long budget = 1_500 * BodyMemory.WAITING_SHARE;
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(budget)
                .withRequestTimeout(Duration.ofSeconds(20)));

        try (CapturedLogs logs = CapturedLogs.of(BodyMemory.class)) {
            try (Socket holder = connect(); Socket waiter = connect()) {
                byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000014", (int) budget / BodyMemory.COPIES);
                askToSend(holder, ESIGN, held.length);
                awaitContinue(holder);
                askToSend(waiter, ESIGN, 1_000);
                assertNothingArrives(waiter);
                for (int i = 0; i < 3; i++) {
                    try (Socket refused = connect()) {
                        askToSend(refused, ESIGN, 1_000);
                        assertThat(RawHttp.readUntilClosed(refused)).startsWith("HTTP/1.1 503");
                    }
                }

                assertThat(logs.at(Level.WARNING)).singleElement().asString()
                        .startsWith("requests are refused with 503 because too little of the memory for request"
                                + " bodies is free")
                        .endsWith("(1 since the last such line; latest POST /callbacks/esign)");
                assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            }

            bridge.close();

            assertThat(logs.at(Level.WARNING)).hasSize(2).last().asString()
                    .endsWith("(2 since the last such line; latest POST /callbacks/esign)");
        }
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"refused\"} 3");
    }

    /**
     * Every route that reads a body into memory takes its share first: the callbacks, the JSON request, and the
     * multipart requests (their text parts).
     */
    @Test
    void everyRouteThatReadsABodyWaitsForItsShare() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));
        Multipart scan = new Multipart()
                .text("details", new JsonObject().put("partnerUserId", "waiting-scan")
                        .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);
        Multipart registration = Requests.registration();
        byte[] verification = Requests.identityVerification("waiting-verification").encode()
                .getBytes(StandardCharsets.UTF_8);
        byte[] coe = callback("aaaaaaaa-0000-4000-8000-000000000004", 500);

        try (Socket holder = connect(); Socket scanner = connect(); Socket registrar = connect();
             Socket verifier = connect(); Socket platform = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000005", 150_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            RawHttp.askToSend(scanner, "/v1/ktp-scans", scan.contentType(), scan.body().length);
            RawHttp.askToSend(registrar, "/v1/certificate-registrations", registration.contentType(),
                    registration.body().length);
            RawHttp.askToSend(verifier, "/v1/identity-verifications", "application/json", verification.length);
            RawHttp.askToSend(platform, WebRouter.CALLBACK_COE, "application/json", coe.length);
            for (Socket waiting : new Socket[] {scanner, registrar, verifier, platform}) {
                assertNothingArrives(waiting);
            }

            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            awaitContinue(scanner);
            assertThat(send(scanner, scan.body())).startsWith("HTTP/1.1 202");
            awaitContinue(registrar);
            assertThat(send(registrar, registration.body())).startsWith("HTTP/1.1 202");
            awaitContinue(verifier);
            assertThat(send(verifier, verification)).startsWith("HTTP/1.1 201");
            awaitContinue(platform);
            assertThat(send(platform, coe)).startsWith("HTTP/1.1 200");
        }
    }

    /** Its images go to disk, but its text parts are held: a multipart body longer than their limit waits too. */
    @Test
    void aMultipartRequestWithImagesLargerThanItsTextLimitWaitsForItsShare() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));
        Multipart scan = new Multipart()
                .text("details", new JsonObject().put("partnerUserId", "large-scan")
                        .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("ktp", "ktp.jpg", "image/jpeg", TestData.jpeg((int) WebConfig.MAX_FORM_TEXT_BYTES + 1024));

        try (Socket holder = connect(); Socket scanner = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000013", 150_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            RawHttp.askToSend(scanner, "/v1/ktp-scans", scan.contentType(), scan.body().length);
            assertNothingArrives(scanner);

            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            awaitContinue(scanner);
            assertThat(send(scanner, scan.body())).startsWith("HTTP/1.1 202");
        }
    }

    /** Whatever became of the requests before, all they took is back: one as large as the budget goes at once. */
    @Test
    void aBodyAsLargeAsTheBudgetGoesThroughAloneAndEveryShareIsGivenBack() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(BUDGET));
        try (Socket holder = connect(); Socket leaving = connect(); Socket staying = connect()) {
            byte[] held = callback("aaaaaaaa-0000-4000-8000-000000000006", 300_000);
            askToSend(holder, ESIGN, held.length);
            awaitContinue(holder);
            askToSend(leaving, ESIGN, 70_000);
            askToSend(staying, ESIGN, 70_000);
            assertNothingArrives(staying);
            leaving.close();

            assertThat(send(holder, held)).startsWith("HTTP/1.1 200");
            awaitContinue(staying);
            assertThat(send(staying, callback("aaaaaaaa-0000-4000-8000-000000000007", 70_000)))
                    .startsWith("HTTP/1.1 200");
        }

        try (Socket whole = connect()) {
            byte[] body = callback("aaaaaaaa-0000-4000-8000-000000000008", 150_000);
            askToSend(whole, ESIGN, body.length);
            awaitContinue(whole);
            assertThat(send(whole, body)).startsWith("HTTP/1.1 200");
        }
        assertThat(bridge.inbox.all()).hasSize(3);
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> WebConfig.defaults().withBodyMemory(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bodyMemory");
    }

    private void awaitScrape(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!bridge.metrics.scrape(null).contains(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    /** A result message for the submission, padded with spaces to {@code bytes} (if longer). */
    private static byte[] callback(String submissionId, int bytes) {
        String json = JsonMessageDecoder.message(submissionId, "COMPLETED", "VALID").encode();
        return (json + " ".repeat(Math.max(0, bytes - json.length()))).getBytes(StandardCharsets.UTF_8);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", bridge.port());
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static void askToSend(Socket socket, String path, int length) throws IOException {
        RawHttp.askToSend(socket, path, "application/json", length);
    }

    private static void awaitContinue(Socket socket) throws IOException {
        assertThat(RawHttp.responseHead(socket.getInputStream())).startsWith("HTTP/1.1 100");
    }

    private static void assertNothingArrives(Socket socket) throws IOException {
        socket.setSoTimeout(QUIET_MILLIS);
        try {
            assertThatThrownBy(() -> socket.getInputStream().read()).as("an answer to a request that should wait")
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            socket.setSoTimeout(15_000);
        }
    }

    /** Sends the body (its {@code 100 Continue} has come) and reads the answer. */
    private static String send(Socket socket, byte[] body) throws IOException {
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return RawHttp.readUntilClosed(socket);
    }

    private static String sendSteadily(Socket socket, byte[] body, int piece, long pauseMillis) throws Exception {
        OutputStream out = socket.getOutputStream();
        for (int sent = 0; sent < body.length; sent += piece) {
            out.write(body, sent, Math.min(piece, body.length - sent));
            out.flush();
            Thread.sleep(pauseMillis);
        }
        return RawHttp.readUntilClosed(socket);
    }
}
