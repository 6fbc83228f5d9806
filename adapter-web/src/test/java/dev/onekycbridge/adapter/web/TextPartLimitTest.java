package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A multipart request's text parts are held to their limit in all, not only each: Vert.x keeps every text part in
 * memory until the body has ended, and a request is charged for its text parts' limit once ({@link BodyMemory}).
 * A request that sends more is answered 413 as soon as its text parts go past the limit, before the rest of its
 * body has come, and holds no more of it meanwhile.
 */
class TextPartLimitTest extends VertxTest {
    private static final int EXTRA_PART_BYTES = 200 * 1024;
    private static final int EXTRA_PARTS = 8;
    private static final String SCANS = "/v1/ktp-scans";
    private static final String REGISTRATIONS = "/v1/certificate-registrations";

    private TestBridge bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    /**
     * The body is sent up to the middle of its second extra part and no further: the answer must come before the
     * rest. Then the rest is sent; the server has read and dropped it, and the connection carries the next request.
     */
    @Test
    void aScanWithEightExtraTextPartsIsAnswered413OnceTheyPassTheLimitBeforeTheRestOfItsBodyIsSent()
            throws Exception {
        bridge = TestBridge.start(vertx);
        Multipart form = withExtraTextParts(Requests.ktpScan("over-the-limit"));
        byte[] body = form.body();
        int cut = indexOf(body, "name=\"extra2\"") - 1024;

        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(SCANS, form.contentType(), body.length, false));
            out.write(body, 0, cut);
            out.flush();

            Answer answer = Answer.read(socket.getInputStream());

            assertTooLarge(answer);
            assertThat(answer.head.toLowerCase(Locale.ROOT)).doesNotContain("connection: close");
            out.write(body, cut, body.length - cut);
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(Answer.read(socket.getInputStream()).head).startsWith("HTTP/1.1 200");
        }
        assertThat(bridge.store.all()).isEmpty();
        assertThat(UploadsOverHttpTest.awaitEmpty(bridge.uploadsDirectory())).as("files left in the uploads directory").isEmpty();
    }

    /** A client that sends its whole body, as any HTTP client does, reads the same answer. */
    @Test
    void aRegistrationWithEightExtraTextPartsIsAnswered413AndNothingIsStored() {
        bridge = TestBridge.start(vertx);

        HttpResponseData response = bridge.postMultipart(REGISTRATIONS, withExtraTextParts(Requests.registration()));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().getJsonArray("errors").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("field", "body").put("message", "may hold text parts (the details) of at most "
                        + WebConfig.MAX_FORM_TEXT_BYTES + " bytes"));
        assertThat(bridge.store.all()).isEmpty();
    }

    /**
     * An image sent without a filename is a text part, and a photo is past the text parts' limit: the answer names
     * the image and says to send it as a file, not that the details are too large.
     */
    @Test
    void anImageSentAsATextPartIsAnswered413SayingToSendItAsAFile() {
        bridge = TestBridge.start(vertx);
        Multipart form = new Multipart()
                .text("details", Requests.registrationDetails("image-as-text").encode())
                .text("ktp", "k".repeat((int) WebConfig.MAX_FORM_TEXT_BYTES + 1))
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(REGISTRATIONS, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(CertificateRegistrationApiTest.fields(response.json())).containsExactly("ktp");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .contains("must be sent as a file part", "filename");
        assertThat(bridge.store.all()).isEmpty();
    }

    /** Sent before the parts the endpoint takes, the extra parts are refused the same way. */
    @Test
    void extraTextPartsSentFirstAreAnswered413Too() {
        bridge = TestBridge.start(vertx);
        Multipart form = withExtraTextParts(new Multipart());
        form.text("details", Requests.registrationDetails("extra-first").encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(REGISTRATIONS, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(bridge.store.all()).isEmpty();
    }

    /** Two text parts each within the limit, together past it: the limit is of them all. */
    @Test
    void detailsAndAnExtraPartEachWithinTheLimitButPastItTogetherAreAnswered413() {
        bridge = TestBridge.start(vertx);
        int half = (int) WebConfig.MAX_FORM_TEXT_BYTES / 2 + 1;
        Multipart form = new Multipart()
                .text("details", Requests.registrationDetails("two-halves").put("padding", "p".repeat(half))
                        .encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .text("notes", "n".repeat(half));

        HttpResponseData response = bridge.postMultipart(SCANS, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(bridge.store.all()).isEmpty();
    }

    /** Within the limit, an extra text part is still named in a 400, as any part the endpoint does not take. */
    @Test
    void anExtraTextPartWithinTheLimitIsStillA400NamingIt() {
        bridge = TestBridge.start(vertx);
        Multipart form = Requests.ktpScan("one-extra").text("notes", "n".repeat(100 * 1024));

        HttpResponseData response = bridge.postMultipart(SCANS, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(CertificateRegistrationApiTest.fields(response.json())).containsExactly("notes");
    }

    /**
     * The budget holds one such request's share: while the first holds it, the second waits unread, whatever the
     * first sends; the first is answered 413 as soon as its text parts pass their limit, and the second is let in
     * only once the first has given its share back (its body read to the end), to be answered the same way.
     */
    @Test
    void withRoomForOneShareTwoSuchRequestsAreNeverAdmittedTogether() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withBodyMemory(
                BodyMemory.COPIES * WebConfig.MAX_FORM_TEXT_BYTES));
        Multipart first = withExtraTextParts(Requests.ktpScan("first-over"));
        Multipart second = withExtraTextParts(Requests.ktpScan("second-over"));
        byte[] firstBody = first.body();
        byte[] secondBody = second.body();
        int firstCut = indexOf(firstBody, "name=\"extra2\"") - 1024;
        int secondCut = indexOf(secondBody, "name=\"extra2\"") - 1024;

        try (Socket holder = connect(); Socket waiter = connect()) {
            holder.getOutputStream().write(head(SCANS, first.contentType(), firstBody.length, true));
            holder.getOutputStream().flush();
            assertThat(Answer.read(holder.getInputStream()).head).startsWith("HTTP/1.1 100");
            waiter.getOutputStream().write(head(SCANS, second.contentType(), secondBody.length, true));
            waiter.getOutputStream().flush();
            assertNothingArrives(waiter);

            holder.getOutputStream().write(firstBody, 0, firstCut);
            holder.getOutputStream().flush();
            assertTooLarge(Answer.read(holder.getInputStream()));
            assertNothingArrives(waiter);

            holder.getOutputStream().write(firstBody, firstCut, firstBody.length - firstCut);
            holder.getOutputStream().flush();
            assertThat(Answer.read(waiter.getInputStream()).head).startsWith("HTTP/1.1 100");
            waiter.getOutputStream().write(secondBody, 0, secondCut);
            waiter.getOutputStream().flush();
            assertTooLarge(Answer.read(waiter.getInputStream()));
        }
        assertThat(bridge.metrics.scrape(null))
                .contains("onekyc_bridge_http_body_memory_waits_total{outcome=\"admitted\"} 1")
                .doesNotContain("outcome=\"refused\"");
        assertThat(bridge.store.all()).isEmpty();
    }

    private static Multipart withExtraTextParts(Multipart form) {
        for (int i = 0; i < EXTRA_PARTS; i++) {
            form.text("extra" + i, "x".repeat(EXTRA_PART_BYTES));
        }
        return form;
    }

    private static void assertTooLarge(Answer answer) {
        assertThat(answer.head).startsWith("HTTP/1.1 413");
        JsonObject problem = new JsonObject(answer.body);
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:payload-too-large");
        assertThat(problem.getJsonArray("errors").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("field", "body").put("message", "may hold text parts (the details) of at most "
                        + WebConfig.MAX_FORM_TEXT_BYTES + " bytes"));
    }

    private static byte[] head(String path, String contentType, long length, boolean expectContinue) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] body, String text) {
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        int index = latin.indexOf(text);
        assertThat(index).as("where %s is", text).isPositive();
        return index;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", bridge.port());
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Long enough to tell a request that waits from one that would be let through. */
    private static void assertNothingArrives(Socket socket) throws IOException {
        socket.setSoTimeout(400);
        try {
            assertThatThrownBy(() -> socket.getInputStream().read()).as("an answer to a request that should wait")
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            socket.setSoTimeout(20_000);
        }
    }

    /** One answer read off a kept-alive connection: its head, and its body by its Content-Length. */
    private record Answer(String head, String body) {
        static Answer read(InputStream in) throws IOException {
            String head = RawHttp.responseHead(in);
            int length = 0;
            for (String line : head.split("\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < length; i++) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                body.write(next);
            }
            return new Answer(head, body.toString(StandardCharsets.UTF_8));
        }
    }
}
