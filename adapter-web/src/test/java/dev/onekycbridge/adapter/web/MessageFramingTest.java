package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A request whose body's length could be read two ways (RFC 9112 §6.1, §6.3) is refused and its connection closed:
 * behind a proxy that reads it the other way, what follows it on the connection would be taken for a request of
 * the proxy's (request smuggling).
 */
class MessageFramingTest extends BridgeTest {
    private static final String CALLBACK = "{\"submissionId\":\"aaaaaaaa-0000-4000-8000-00000000f001\","
            + "\"status\":\"COMPLETED\",\"result\":\"VALID\"}";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] \\d{3} ");
    private static final String NEXT = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void aChunkedBodyThatAlsoDeclaresAContentLengthIsRefused400AndWhatFollowsIsNotRead() throws Exception {
        String chunked = Integer.toHexString(CALLBACK.length()) + "\r\n" + CALLBACK + "\r\n0\r\n\r\n";

        String answer = exchange(post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") + chunked + NEXT);

        assertRefused(answer);
    }

    @Test
    void aContentLengthAfterTheTransferEncodingIsRefusedAsWell() throws Exception {
        String chunked = Integer.toHexString(CALLBACK.length()) + "\r\n" + CALLBACK + "\r\n0\r\n\r\n";

        String answer = exchange(post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") + chunked + NEXT);

        assertRefused(answer);
    }

    @Test
    void aTransferEncodingWhoseFinalCodingIsNotChunkedIsRefused400() throws Exception {
        for (String coding : List.of("xchunked", "chunked, gzip", "gzip", "chunked, identity", " chunked , x")) {
            String answer = exchange(post("Transfer-Encoding: " + coding + "\r\nContent-Length: "
                    + CALLBACK.length() + "\r\n") + CALLBACK + NEXT);
            assertRefused(answer);

            answer = exchange(post("Transfer-Encoding: " + coding + "\r\n") + CALLBACK + NEXT);
            assertRefused(answer);
        }
    }

    @Test
    void aTransferEncodingInAnHttp10RequestIsRefused400() throws Exception {
        String chunked = Integer.toHexString(CALLBACK.length()) + "\r\n" + CALLBACK + "\r\n0\r\n\r\n";

        String answer = exchange(("POST " + WebRouter.CALLBACK_ESIGN + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                + "Connection: keep-alive\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                + chunked + NEXT);

        assertRefusedAndClosed(answer);
    }

    @Test
    void aChunkedBodyAloneIsTakenAndTheConnectionCarriesTheNextRequest() throws Exception {
        String chunked = Integer.toHexString(CALLBACK.length()) + "\r\n" + CALLBACK + "\r\n0\r\n\r\n";

        String answers = exchange(post("Transfer-Encoding: chunked\r\n") + chunked
                + NEXT.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));

        assertThat(answers).startsWith("HTTP/1.1 200");
        assertThat(STATUS_LINE.matcher(answers).results().count()).as("answers").isEqualTo(2);
        assertThat(bridge.inbox.all()).hasSize(1);
    }

    private static String post(String framing) {
        return "POST " + WebRouter.CALLBACK_ESIGN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\n" + framing + "\r\n";
    }

    /** Refused, its connection closed before the request that followed was read, nothing stored. */
    private void assertRefused(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
        assertRefusedAndClosed(answer);
    }

    private void assertRefusedAndClosed(String answer) {
        assertThat(answer).matches("(?s)HTTP/1\\.[01] 400 .*");
        assertThat(STATUS_LINE.matcher(answer).results().count()).as("answers, with one to the request that followed")
                .isEqualTo(1);
        JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(CertificateRegistrationApiTest.fields(problem)).containsExactly("Transfer-Encoding");
        assertThat(bridge.inbox.all()).isEmpty();
    }

    /** Writes the bytes at once and reads until the server closes the connection. */
    private String exchange(String requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return RawHttp.readUntilClosed(socket);
        }
    }
}
