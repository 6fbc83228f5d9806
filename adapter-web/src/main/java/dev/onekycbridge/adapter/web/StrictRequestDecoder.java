package dev.onekycbridge.adapter.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Vert.x's request decoder, except that a request whose body's length could be read two ways (RFC 9112 §6.1,
 * §6.3) is invalid: one with a {@code Transfer-Encoding} other than {@code chunked} alone, with both a
 * {@code Transfer-Encoding} and a {@code Content-Length}, or with a {@code Transfer-Encoding} in HTTP/1.0. Netty
 * would read the first by its {@code Content-Length} or as having no body, and the second chunked, dropping the
 * {@code Content-Length} before any handler could see it; behind a proxy that read it the other way, the bytes after
 * it would be taken for a request the proxy never checked (request smuggling). Refused here, the request goes to the
 * server's invalid request handler ({@link InvalidRequests}, 400), nothing after its headers is read, and Vert.x
 * closes the connection after the answer. Put in place of Vert.x's own by {@link VertxInternals#useStrictDecoder}.
 *
 * <p>It also tells whether a request has begun to arrive ({@link #requestBegun}): only the decoder sees the bytes
 * of a request whose headers are not complete yet. Used on the connection's event loop only.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private static final String CHUNKED = "chunked";

    /** Bytes received on the connection. */
    private long received;
    /** Of those, the bytes up to the end of the last request read whole. */
    private long readUpToLastRequestEnd;

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    /**
     * Whether a byte has arrived since the last request was read to its end (or since the connection opened): a
     * connection without one is idle, not slow, when the deadline of its next request's headers passes.
     */
    boolean requestBegun() {
        return received > readUpToLastRequestEnd;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf bytes) {
            if (!requestBegun()) {
                // Empty lines before a request line are ignored (RFC 9112 §2.2): some clients end a body with one.
                readUpToLastRequestEnd += leadingLineEnds(bytes);
            }
            received += bytes.readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    private static int leadingLineEnds(ByteBuf bytes) {
        int count = 0;
        while (count < bytes.readableBytes()) {
            byte next = bytes.getByte(bytes.readerIndex() + count);
            if (next != '\r' && next != '\n') {
                break;
            }
            count++;
        }
        return count;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                // What is left in the buffer was received after the request's end: the next one's beginning.
                readUpToLastRequestEnd = received - buffer.readableBytes();
            }
        }
    }

    /**
     * Netty's one hook for every message once its headers are read, before it decides how to read the body: an
     * exception thrown here makes the message invalid.
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        String refusal = framingProblem(message);
        if (refusal != null) {
            throw new AmbiguousLength(refusal);
        }
        return super.isContentAlwaysEmpty(message);
    }

    /**
     * The request that stands for one whose line could not be read (too long, malformed). Netty's says HTTP/1.0,
     * which Vert.x would then put in the answer's status line: the server speaks HTTP/1.1, whatever the client's
     * unreadable line said.
     */
    @Override
    protected HttpMessage createInvalidMessage() {
        HttpMessage message = super.createInvalidMessage();
        message.setProtocolVersion(HttpVersion.HTTP_1_1);
        return message;
    }

    /** What is wrong with the message's {@code Transfer-Encoding}, or null when its body has one length only. */
    static String framingProblem(HttpMessage message) {
        HttpHeaders headers = message.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return null;
        }
        if (message.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return "is not taken in HTTP/1.0";
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "may not come with a Content-Length";
        }
        List<String> each = codings.stream().flatMap(value -> List.of(value.split(",", -1)).stream())
                .map(coding -> coding.strip().toLowerCase(Locale.ROOT)).toList();
        return each.equals(List.of(CHUNKED)) ? null : "must be chunked, and only chunked";
    }

    /** Why a request was invalid: the length of its body cannot be told for sure. Its message is ours alone. */
    static final class AmbiguousLength extends IllegalArgumentException {
        AmbiguousLength(String refusal) {
            super(refusal, null);
            setStackTrace(new StackTraceElement[0]);
        }
    }
}
