package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's decoder counts a multipart body's text parts as they arrive, as Vert.x's decoder would hold
 * them, and holds the body to the limit its route sets: what would take them past it, and the rest of the body,
 * are dropped, and only the body's end is handed on.
 */
class TextPartCountTest {
    private static final int PIECE = 8 * 1024;

    private final StrictRequestDecoder decoder = new StrictRequestDecoder(BridgeWebServer.options(WebConfig.defaults()));
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    private final AtomicInteger told = new AtomicInteger();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Two text parts of 3,000 bytes and a file of 100,000: 6,000 bytes of text, the file not counted. */
    private static Multipart form() {
        return new Multipart()
                .text("details", "d".repeat(3_000))
                .file("ktp", "ktp.jpg", "image/jpeg", new byte[100_000])
                .text("notes", "n".repeat(3_000));
    }

    @Test
    void textPartsUpToTheLimitInAllPassWholeFilesUncounted() {
        Multipart form = form();
        HttpRequest request = sendHead(form);

        assertThat(decoder.limitTextParts(request.headers(), 6_000, names -> told.incrementAndGet()))
                .isEqualTo(TextPartCount.Status.WITHIN);
        Passed passed = sendInPieces(form.body());

        assertThat(passed.bytes).isEqualTo(form.body().length);
        assertThat(passed.ended).isTrue();
        assertThat(told).hasValue(0);
    }

    @Test
    void oneBytePastTheLimitAndTheRestOfTheBodyIsDroppedAndOnlyItsEndHandedOn() {
        Multipart form = form();
        HttpRequest request = sendHead(form);

        assertThat(decoder.limitTextParts(request.headers(), 5_999, names -> told.incrementAndGet()))
                .isEqualTo(TextPartCount.Status.WITHIN);
        Passed passed = sendInPieces(form.body());

        assertThat(told).hasValue(1);
        assertThat(passed.bytes).isLessThan(form.body().length).isGreaterThan(100_000 - PIECE);
        assertThat(passed.ended).as("the body's end, without its bytes").isTrue();
        assertThat(passed.lastWasEmptyEnd).isTrue();
    }

    /** Eight text parts of 200 KiB after the parts a scan takes: what passes holds less than the limit of text. */
    @Test
    void manyLargeTextPartsPassOnlyUpToTheLimit() {
        Multipart form = Requests.ktpScan("many");
        for (int i = 0; i < 8; i++) {
            form.text("extra" + i, "x".repeat(200 * 1024));
        }
        HttpRequest request = sendHead(form);

        decoder.limitTextParts(request.headers(), WebConfig.MAX_FORM_TEXT_BYTES, names -> told.incrementAndGet());
        Passed passed = sendInPieces(form.body());

        assertThat(told).hasValue(1);
        // The scan's own parts, and less than the limit of the extra parts' text: far from the 1.6 MiB sent.
        assertThat(passed.bytes).isLessThan(Requests.KTP_JPEG.length + WebConfig.MAX_FORM_TEXT_BYTES + 4096);
        assertThat(passed.lastWasEmptyEnd).isTrue();
    }

    @Test
    void textAlreadyPastTheLimitWhenItIsSetIsToldAtOnceAndTheRestOfTheBodyDropped() {
        Multipart form = form();
        byte[] body = form.body();
        HttpRequest request = sendHead(form);
        Passed before = sendInPieces(java.util.Arrays.copyOf(body, body.length - 100));

        assertThat(decoder.limitTextParts(request.headers(), 5_000, names -> told.incrementAndGet()))
                .isEqualTo(TextPartCount.Status.OVER);
        Passed after = sendInPieces(java.util.Arrays.copyOfRange(body, body.length - 100, body.length));

        assertThat(before.bytes).isEqualTo(body.length - 100);
        assertThat(after.bytes).isZero();
        assertThat(after.lastWasEmptyEnd).isTrue();
        assertThat(told).as("told by the status, and the callback at once").hasValue(1);
    }

    @Test
    void aRequestTheDecoderDidNotCountIsUnknown() {
        sendHead(form());

        assertThat(decoder.limitTextParts(new Object(), 6_000, names -> told.incrementAndGet()))
                .isEqualTo(TextPartCount.Status.UNKNOWN);
    }

    /** Requests sent ahead of their answers are each counted; the earlier ones are let go when a later is asked. */
    @Test
    void eachRequestSentAheadIsCountedOnItsOwn() {
        Multipart small = new Multipart().text("details", "s".repeat(100));
        Multipart large = form();
        List<HttpRequest> requests = new ArrayList<>();
        Passed passed = new Passed();
        channel.writeInbound(Unpooled.wrappedBuffer(concat(head(small), small.body(), head(large), large.body())));
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            if (message instanceof HttpRequest request) {
                requests.add(request);
            }
            passed.add(message);
        }

        assertThat(requests).hasSize(2);
        assertThat(decoder.limitTextParts(requests.get(1).headers(), 5_999, names -> told.incrementAndGet()))
                .isEqualTo(TextPartCount.Status.OVER);
        assertThat(decoder.limitTextParts(requests.get(0).headers(), 100, names -> told.incrementAndGet()))
                .as("let go").isEqualTo(TextPartCount.Status.UNKNOWN);
    }

    private HttpRequest sendHead(Multipart form) {
        channel.writeInbound(Unpooled.wrappedBuffer(head(form)));
        Object message = channel.readInbound();
        assertThat(message).isInstanceOf(HttpRequest.class);
        return (HttpRequest) message;
    }

    private static byte[] head(Multipart form) {
        return ("POST /v1/ktp-scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + form.contentType()
                + "\r\nContent-Length: " + form.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private Passed sendInPieces(byte[] bytes) {
        Passed passed = new Passed();
        for (int at = 0; at < bytes.length; at += PIECE) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(PIECE, bytes.length - at)));
            for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
                passed.add(message);
            }
        }
        return passed;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** What the decoder handed on of a body. */
    private static final class Passed {
        long bytes;
        boolean ended;
        boolean lastWasEmptyEnd;

        void add(Object message) {
            try {
                if (message instanceof HttpContent content) {
                    bytes += content.content().readableBytes();
                    if (content instanceof LastHttpContent) {
                        ended = true;
                        lastWasEmptyEnd = content == LastHttpContent.EMPTY_LAST_CONTENT;
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
    }
}
