package dev.onekycbridge.adapter.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
 * of a request whose headers are not complete yet. And it counts the text parts of each multipart/form-data body as
 * it arrives ({@link TextPartCount}), holding a body to the limit its route sets ({@link #limitTextParts}): the
 * content that would take them past it and the rest of that body are read and dropped, and Vert.x is handed the
 * body's end alone, so that the request ends and the connection may carry the next one. Used on the connection's
 * event loop only.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private static final String CHUNKED = "chunked";
    /**
     * The multipart requests whose counts are kept for their routes, newest last. Vert.x handles a connection's
     * requests one at a time, so a route asks for one of the first; only a client that sends requests ahead of
     * their answers (pipelining) has more than one here.
     */
    private static final int COUNTS_KEPT = 8;

    /** Bytes received on the connection. */
    private long received;
    /** Of those, the bytes up to the end of the last request read whole. */
    private long readUpToLastRequestEnd;
    private final int maxFormParts;
    private final int maxFormBufferedBytes;
    private final ArrayDeque<TextPartCount> counts = new ArrayDeque<>();
    /** The count of the request whose body is arriving, if it is multipart. */
    private TextPartCount arriving;
    /** Whether the rest of the body arriving is dropped: its text parts went past their limit. */
    private boolean dropping;

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
        this.maxFormParts = options.getMaxFormFields();
        this.maxFormBufferedBytes = options.getMaxFormBufferedBytes();
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
            Object message = out.get(i);
            if (message instanceof LastHttpContent) {
                // What is left in the buffer was received after the request's end: the next one's beginning.
                readUpToLastRequestEnd = received - buffer.readableBytes();
            }
            if (message instanceof HttpRequest request) {
                arrived(request);
            } else if (message instanceof HttpContent content && !countText(content, out, i)) {
                out.remove(i--);
            }
        }
    }

    /** A request's head: its body's text parts are counted from here, if it is multipart. */
    private void arrived(HttpRequest request) {
        dropping = false;
        arriving = request.decoderResult().isSuccess()
                ? TextPartCount.start(request, maxFormParts, maxFormBufferedBytes) : null;
        if (arriving != null) {
            counts.addLast(arriving);
            while (counts.size() > COUNTS_KEPT) {
                counts.removeFirst().close();
            }
        }
    }

    /**
     * Counts the text of a piece of the body arriving. Once its text parts have gone past their limit, this piece
     * and the rest of the body are dropped; the body's end is handed on without its bytes.
     *
     * @return whether the piece, or the end in its place, is handed on
     */
    private boolean countText(HttpContent content, List<Object> out, int index) {
        boolean last = content instanceof LastHttpContent;
        if (!dropping && arriving != null && arriving.offer(content)) {
            dropping = true;
        }
        if (last) {
            arriving = null;
        }
        if (!dropping) {
            return true;
        }
        content.release();
        if (last) {
            dropping = false;
            out.set(index, LastHttpContent.EMPTY_LAST_CONTENT);
            return true;
        }
        return false;
    }

    /**
     * Holds the text parts of a request's multipart body to {@code limit} bytes in all, from now on; for its route,
     * before the body is read. Requests that came before it on the connection have been handled by now: their
     * counts are let go. Past the limit, now or later, the rest of the body is dropped as it arrives.
     *
     * @param requestHeaders the request's headers as Vert.x hands them to the handlers, which identify it
     * @param whenOver run once with the names of the text parts, on the event loop, when they go past the limit:
     *     at once if they have already, else as the body arrives
     */
    TextPartCount.Status limitTextParts(Object requestHeaders, long limit, Consumer<List<String>> whenOver) {
        if (counts.stream().noneMatch(count -> count.isOf(requestHeaders))) {
            return TextPartCount.Status.UNKNOWN;
        }
        for (Iterator<TextPartCount> each = counts.iterator(); each.hasNext(); ) {
            TextPartCount count = each.next();
            if (count.isOf(requestHeaders)) {
                TextPartCount.Status status = count.limit(limit, whenOver);
                if (status == TextPartCount.Status.OVER && count == arriving) {
                    dropping = true;
                }
                if (count.ended()) {
                    each.remove();
                }
                return status;
            }
            count.close();
            each.remove();
        }
        throw new AssertionError("the count was found above");
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        try {
            super.handlerRemoved0(ctx);
        } finally {
            counts.forEach(TextPartCount::close);
            counts.clear();
            arriving = null;
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
