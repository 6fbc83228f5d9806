package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access log, read through java.util.logging, which backs System.Logger when nothing else does. */
class AccessLogTest extends VertxTest {
    private static final String KEY = "partner-secret-key";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger julLogger = Logger.getLogger(AccessLog.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;
    private TestBridge bridge;

    @BeforeEach
    void start() {
        previous = julLogger.getLevel();
        julLogger.setLevel(Level.FINE);
        julLogger.addHandler(capture);
        bridge = TestBridge.start(vertx, config -> config.withApiKey(KEY));
    }

    @AfterEach
    void stop() {
        bridge.close();
        julLogger.removeHandler(capture);
        julLogger.setLevel(previous);
    }

    @Test
    void eachRequestIsLoggedWithMethodRoutePatternStatusAndDurationButNeverItsBodyOrCredentials() throws Exception {
        String id = bridge.postMultipart("/v1/certificate-registrations", Requests.registration(),
                "Authorization", "Bearer " + KEY).json().getString("id");
        bridge.get("/v1/submissions/" + id + "?include=ktpData", "Authorization", "Bearer " + KEY);

        awaitLine("POST /v1/certificate-registrations 202 ");
        awaitLine("GET /v1/submissions/:id 200 ");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("POST /v1/certificate-registrations 202 \\d+ms"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("GET /v1/submissions/:id 200 \\d+ms"));
        assertThat(String.join("\n", lines)).doesNotContain(KEY, id, TestData.NIK, TestData.NAME, TestData.EMAIL,
                "include");
    }

    @Test
    void aMadeUpMethodIsCountedAsOtherSoItAddsNoSeries() {
        bridge.send("FOO1", "/", null);
        bridge.send("FOO2", "/v1/submissions", null, "Authorization", "Bearer " + KEY);
        bridge.send("PATCH", "/health/live", null);

        String scrape = scrapeOnce("method=\"PATCH\"");

        assertThat(scrape).doesNotContain("FOO1", "FOO2")
                .contains("onekyc_bridge_http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"404\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"405\"} 1")
                .contains("method=\"PATCH\"");
    }

    @Test
    void aRequestWithoutTheKeyIsCountedUnderItsRoute() {
        bridge.get("/v1/submissions/" + java.util.UUID.randomUUID());
        bridge.get("/v1/submissions/");
        bridge.postJson("/v1/identity-verifications", "{}");

        String scrape = scrapeOnce("route=\"/v1/identity-verifications\"");

        assertThat(scrape)
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/submissions/:id\",method=\"GET\",status=\"401\"} 2")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/identity-verifications\",method=\"POST\","
                        + "status=\"401\"} 1")
                .doesNotContain("route=\"unmatched\"");
    }

    @Test
    void aRefusalSentWhileItsBodyWasReadIsLoggedAndCountedWithItsStatus() throws Exception {
        JsonObject details = new JsonObject().put("partnerUserId", "user-42")
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).put("pad", "x".repeat(300_000));
        Multipart scan = new Multipart().text("details", details.encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);
        assertThat(bridge.postMultipart("/v1/ktp-scans", scan, "Authorization", "Bearer " + KEY).status())
                .isEqualTo(413);
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("POST /callbacks/esign HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.readUntilClosed(socket)).startsWith("HTTP/1.1 400");
        }

        String scrape = scrapeOnce("route=\"/callbacks/esign\"");

        assertThat(scrape).doesNotContain("status=\"200\"")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/ktp-scans\",method=\"POST\",status=\"413\"} 1")
                .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\",status=\"400\"} 1");
        awaitLine("POST /v1/ktp-scans 413 ");
        awaitLine("POST /callbacks/esign 400 ");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("POST /v1/ktp-scans 413 "))
                .anySatisfy(line -> assertThat(line).startsWith("POST /callbacks/esign 400 "));
    }

    /**
     * The server finds the connection closed after the client has gone, and that is where a WARNING was logged
     * (with a 500): the capture stays open until the request's line is logged, which comes after.
     */
    @Test
    void aRequestWhoseClientLeftBeforeItsAnswerIsLoggedAndCountedAsClosedWithoutAWarning() throws Exception {
        try (CapturedLogs logs = CapturedLogs.start()) {
            try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
                socket.getOutputStream().write(("POST /callbacks/esign HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"a\"").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }

            String scrape = scrapeOnce("route=\"/callbacks/esign\"");

            assertThat(scrape).doesNotContain("status=\"200\"")
                    .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\","
                            + "status=\"closed\"} 1");
            awaitLine("POST /callbacks/esign closed ");
            assertThat(lines).anySatisfy(line -> assertThat(line).matches("POST /callbacks/esign closed \\d+ms"));
            assertThat(logs.warnings()).isEmpty();
        }
    }

    @Test
    void aRequestWhoseClientResetTheConnectionIsCountedAsClosedWithoutAWarning() throws Exception {
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (String path : new String[] {"/callbacks/esign", "/v1/identity-verifications"}) {
                try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
                    socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + KEY + "\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 50000\r\n\r\n{\"a\":\""
                            + "x".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(200);
                    socket.setSoLinger(true, 0); // closing now sends a reset, as a phone dropping off the network
                }
                scrapeOnce("route=\"" + path + "\"");
            }
            Thread.sleep(200);

            assertThat(bridge.metrics.scrape(java.util.Map.of())).doesNotContain("status=\"500\"")
                    .contains("onekyc_bridge_http_requests_total{route=\"/callbacks/esign\",method=\"POST\","
                            + "status=\"closed\"} 1")
                    .contains("onekyc_bridge_http_requests_total{route=\"/v1/identity-verifications\",method=\"POST\","
                            + "status=\"closed\"} 1");
            assertThat(logs.warnings()).isEmpty();
        }
    }

    /** Waits for the access log line that starts so: it is written just after its request is counted. */
    private void awaitLine(String start) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (lines.stream().noneMatch(line -> line.startsWith(start)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    /** The metrics once a line with {@code expected} is there: a request is counted just after its answer. */
    private String scrapeOnce(String expected) {
        long deadline = System.currentTimeMillis() + 10_000;
        String scrape = bridge.metrics.scrape(java.util.Map.of());
        while (!scrape.contains(expected) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
            scrape = bridge.metrics.scrape(java.util.Map.of());
        }
        return scrape;
    }
}
