package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.CapturedLogs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the HTTP layer or the router refuses before any handler sees them (a URI it cannot decode, one too long,
 * headers too large), or whose chunked body it cannot decode, are problems too, and leave nothing in the log.
 */
class InvalidRequestsTest extends VertxTest {
    /** Stands for personal data a client put where it should not: it must not reach the log. */
    private static final String MARKER = "3174051234567890";

    private CapturedLogs logs;
    private TestBridge bridge;

    @BeforeEach
    void start() {
        logs = CapturedLogs.start();
        bridge = TestBridge.start(vertx);
    }

    @AfterEach
    void stop() {
        bridge.close();
        logs.close();
    }

    @Test
    void aMalformedPercentEscapeIsAProblem400WithoutAStackTraceInTheLog() {
        for (String path : List.of("/v1/submissions/%zz", "/health/%zz", "/v1/submissions/" + UUID.randomUUID()
                + "?x=%zz", "/v1/submissions?partnerUserId=%zz", "/%")) {
            HttpResponseData response = bridge.getRaw(path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
            assertThat(response.json().getString("detail")).as(path).isNotBlank();
            assertThat(response.header("Cache-Control")).as(path).isEqualTo("no-store");
        }
        assertThat(logs.warnings()).isEmpty();
        assertThat(logs.records()).allSatisfy(record -> {
            assertThat(record.getThrown()).isNull();
            assertThat(record.getMessage()).doesNotContain("%zz");
        });
    }

    @Test
    void aUriTooLongIsAProblem414() throws Exception {
        String answer = exchange("GET /v1/submissions?nik=" + MARKER + "a".repeat(9000) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n\r\n");

        assertProblem(answer, 414, "uri-too-long");
    }

    @Test
    void headersTooLargeAreAProblem431() throws Exception {
        String answer = exchange("GET /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Nik: " + MARKER
                + "b".repeat(10_000) + "\r\n\r\n");

        assertProblem(answer, 431, "headers-too-large");
    }

    @Test
    void aMalformedRequestLineIsAProblem400() throws Exception {
        String answer = exchange("GET /v1/submissions?nik=" + MARKER + " HTTP/one\r\nHost: 127.0.0.1\r\n\r\n");

        assertProblem(answer, 400, "malformed-request");
    }

    @Test
    void aChunkedBodyThatCannotBeDecodedIsAProblem400WithoutAStackTraceAndItsConnectionIsClosed() throws Exception {
        for (String path : List.of("/v1/identity-verifications", WebRouter.CALLBACK_ESIGN)) {
            for (String size : List.of("zz", "-1", "ffffffffffffffff", "1;" + "x".repeat(5000))) {
                String answer = exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + size + "\r\n{\"nik\":\"" + MARKER + "\"}\r\n0\r\n\r\n");

                String what = path + " with a chunk of size " + size.substring(0, Math.min(size.length(), 20));
                assertThat(answer).as(what).startsWith("HTTP/1.1 400");
                assertThat(answer.toLowerCase(Locale.ROOT)).as(what).contains("connection: close");
                JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
                assertThat(CertificateRegistrationApiTest.fields(problem)).as(what).containsExactly("body");
                assertThat(answer).doesNotContain(MARKER);
            }
        }
        assertThat(bridge.useCaseThreads).isEmpty();
        assertThat(logs.warnings()).isEmpty();
        assertThat(logs.records()).allSatisfy(record -> assertThat(record.getThrown()).isNull());
    }

    @Test
    void aTargetThatIsNoPathIsAProblem404SayingSo() throws Exception {
        for (String line : List.of("OPTIONS * HTTP/1.1", "CONNECT 127.0.0.1:443 HTTP/1.1")) {
            String answer = exchange(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(answer).as(line).startsWith("HTTP/1.1 404");
            JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:not-found");
            assertThat(problem.getString("detail")).as(line).isEqualTo("there is no such endpoint");
        }
    }

    @Test
    void aRequestWithoutHostIsAProblem400ThatDoesNotBlameABody() throws Exception {
        String answer = exchange("GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        assertThat(answer).doesNotContain("multipart", "\"body\"");
    }

    private void assertProblem(String answer, int status, String type) {
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split);
        // HTTP/1.1 also when the request's version could not be read: the server's own
        assertThat(head).matches("(?s)HTTP/1\\.1 " + status + " .*");
        assertThat(head.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json")
                .contains("cache-control: no-store");
        JsonObject problem = new JsonObject(answer.substring(split + 4));
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:" + type);
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getJsonArray("errors")).isEmpty();
        assertThat(answer).doesNotContain(MARKER);
        assertThat(logs.records()).allSatisfy(record -> {
            assertThat(record.getThrown()).isNull();
            assertThat(String.valueOf(record.getMessage())).doesNotContain(MARKER);
            assertThat(record.getParameters() == null ? "" : List.of(record.getParameters()).toString())
                    .doesNotContain(MARKER);
        });
    }

    /** Sends raw bytes and reads the whole answer: the server closes the connection after it. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading all of it
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
