package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request refused for a header or for its size says which in its {@code errors}, as every other problem does:
 * a partner's tooling that shows the list alone still shows what to change.
 */
class RefusalFieldsTest extends VertxTest {
    private static final String KEY = "partner-key-1";
    private static final String CALLBACK_AUTH = "Bearer callback-secret";

    private TestBridge bridge;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config.withApiKey(KEY).withCallbackAuth(CALLBACK_AUTH)
                .withRequestBodyLimit(64 * 1024).withCallbackBodyLimit(1024));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aMissingApiKeyNamesAuthorization() {
        assertOnlyField(bridge.get("/v1/submissions"), 401, "Authorization");
    }

    @Test
    void aWrongCallbackAuthorizationNamesAuthorization() {
        assertOnlyField(bridge.postJson("/callbacks/esign", "{}", "Authorization", "Bearer wrong"), 401,
                "Authorization");
    }

    @Test
    void aWrongContentTypeNamesContentType() {
        assertOnlyField(bridge.postJson("/v1/ktp-scans", "{}", "Authorization", "Bearer " + KEY), 415,
                "Content-Type");
        assertOnlyField(bridge.send("POST", "/v1/identity-verifications", "{}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + KEY, "Content-Type", "text/plain"), 415, "Content-Type");
    }

    @Test
    void aChunkedMultipartBodyNamesContentLength() {
        assertOnlyField(bridge.postMultipartChunked("/v1/ktp-scans", Requests.ktpScan("user-chunked"),
                "Authorization", "Bearer " + KEY), 411, "Content-Length");
    }

    @Test
    void aBodyOverItsLimitNamesTheBody() {
        assertOnlyField(bridge.postJson("/v1/identity-verifications", " ".repeat(64 * 1024 + 1),
                "Authorization", "Bearer " + KEY), 413, "body");
        assertOnlyField(bridge.postJson("/callbacks/coe", " ".repeat(1025), "Authorization", CALLBACK_AUTH), 413,
                "body");
    }

    @Test
    void aCallbackThatCouldNotBeStoredSaysToSendItAgain() {
        bridge.inboxPort.failing = true;

        HttpResponseData response = bridge.postJson("/callbacks/siv", "{\"submissionId\":\"s-1\"}",
                "Authorization", CALLBACK_AUTH);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.json().getString("detail")).contains("send it again");
    }

    @Test
    void anHttp11RequestWithoutHostNamesHost() throws IOException {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("Host");
    }

    /** Vert.x's body handler refuses any expectation but 100-continue with a bare 417: the answer names Expect. */
    @Test
    void anExpectationOtherThanContinueNamesExpect() {
        HttpResponseData json = bridge.expecting("200-ok", "POST", "/v1/identity-verifications", "{}",
                "Authorization", "Bearer " + KEY, "Content-Type", "application/json");
        assertOnlyField(json, 417, "Expect");
        assertThat(json.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:expectation-failed");
        assertThat(json.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .contains("100-continue");
        assertOnlyField(bridge.expecting("200-ok", "POST", "/callbacks/siv", "{}", "Authorization", CALLBACK_AUTH,
                "Content-Type", "application/json"), 417, "Expect");
    }

    private static void assertOnlyField(HttpResponseData response, int status, String field) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.CONTENT_TYPE);
        assertThat(response.json().getJsonArray("errors")).hasSize(1);
        JsonObject error = response.json().getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).isNotBlank();
    }
}
