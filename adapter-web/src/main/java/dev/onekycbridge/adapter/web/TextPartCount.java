package dev.onekycbridge.adapter.web;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpConstants;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.MemoryAttribute;
import io.netty.handler.codec.http.multipart.MemoryFileUpload;
import java.nio.charset.Charset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bytes of a multipart/form-data body's text parts, counted as the body arrives, in the connection's pipeline
 * ({@link StrictRequestDecoder}), ahead of Vert.x.
 *
 * <p>Vert.x's multipart decoder holds every text part in memory until the body has ended (file parts go to disk);
 * it bounds each part's size ({@code maxFormAttributeSize}) and the number of parts ({@code maxFormFields}), never
 * their sum. A route that reads such a body sets the most its text parts may hold in all ({@link #limit}), and what
 * to do when they go past it; the content that takes them past it, and the rest of the body, are never handed to
 * Vert.x. Parts are told apart here by Netty's own multipart decoder, given the type and limits Vert.x's is given, so that
 * a part counts as text exactly when Vert.x would hold it; what it decodes is counted and dropped, not kept. A body
 * this decoder cannot read (nor, then, Vert.x's) is counted no further: Vert.x refuses it.
 *
 * <p>Used on the connection's event loop only.
 */
final class TextPartCount {
    /** What is known of a request's text parts when its route sets their limit. */
    enum Status {
        /** Within the limit so far; the rest of the body is held to it. */
        WITHIN,
        /** Already past it: the request is to be refused before its body is read. */
        OVER,
        /** Not counted: the request's body cannot be held to the limit, and is to be refused. */
        UNKNOWN
    }

    /** Identifies the request: Vert.x hands the handlers this very object as the request's headers. */
    private final HttpHeaders headers;
    /** Null once the body has ended, or could not be read further. */
    private HttpPostMultipartRequestDecoder parts;
    private long bytes;
    private long limit = Long.MAX_VALUE;
    /** What the route does when the text parts go past the limit; null until it sets one, and once done. */
    private Consumer<List<String>> whenOver;
    /**
     * The names of the text parts so far, for the route to tell an image sent as text; as many as the decoder takes
     * parts at most.
     */
    private final Set<String> textParts = new LinkedHashSet<>();

    private TextPartCount(HttpHeaders headers, HttpPostMultipartRequestDecoder parts) {
        this.headers = headers;
        this.parts = parts;
    }

    /**
     * A count for the request's body, or null when the body is not multipart/form-data with a boundary (the
     * routes refuse such a body before reading it, and never decode it as parts).
     */
    static TextPartCount start(HttpRequest request, int maxParts, int maxBufferedBytes) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!MediaTypes.isMultipartFormData(type) || !MediaTypes.hasBoundary(type)) {
            return null;
        }
        // As Vert.x's decoder is given it, once the route's guard has put the type in the form the decoder takes.
        HttpRequest asDecoded = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.multipartForDecoder(type)));
        TextPartCount count = new TextPartCount(request.headers(), null);
        try {
            count.parts = new HttpPostMultipartRequestDecoder(count.new Dropping(), asDecoded,
                    HttpConstants.DEFAULT_CHARSET, maxParts, maxBufferedBytes);
            // What has been decoded goes at once: nothing of the body is kept here beyond a part's unfinished line.
            count.parts.setDiscardThreshold(0);
        } catch (RuntimeException e) {
            count.parts = null; // a type Vert.x's decoder cannot take either
        }
        return count;
    }

    boolean isOf(Object requestHeaders) {
        return headers == requestHeaders;
    }

    /**
     * Counts the content's text. Its bytes are read from a view of it: the content itself goes on unchanged. When
     * they take the text parts past the limit, the route is told, once, and counting stops.
     *
     * @return whether the text parts are now past the limit: the content is not to be handed on, nor the rest of
     *     the body
     */
    boolean offer(HttpContent content) {
        if (parts != null) {
            try {
                parts.offer(content.duplicate());
            } catch (RuntimeException e) {
                // Malformed, too many parts, a part's line too long: Vert.x's decoder refuses the same bytes.
                close();
            }
            if (content instanceof LastHttpContent) {
                close();
            }
        }
        if (bytes <= limit) {
            return false;
        }
        close();
        Consumer<List<String>> told = whenOver;
        whenOver = null;
        if (told != null) {
            told.accept(List.copyOf(textParts));
        }
        return true;
    }

    /**
     * Sets the most the text parts may hold in all, for the content still to come, and what to do when they go
     * past it; tells where they stand.
     *
     * @param whenOver run once with the names of the text parts so far, on the event loop: at once when they are
     *     past the limit already (before {@link Status#OVER} is returned), else as the content that takes them past
     *     it arrives
     */
    Status limit(long most, Consumer<List<String>> whenOver) {
        limit = most;
        if (bytes > most) {
            close();
            whenOver.accept(List.copyOf(textParts));
            return Status.OVER;
        }
        this.whenOver = whenOver;
        return Status.WITHIN;
    }

    /** Whether the whole body has been counted (or could not be further). */
    boolean ended() {
        return parts == null;
    }

    /** Stops counting and lets go of what the decoder holds. */
    void close() {
        if (parts != null) {
            HttpPostMultipartRequestDecoder decoder = parts;
            parts = null;
            decoder.destroy();
        }
    }

    /** Makes the decoder's text parts count their bytes, and its file parts drop theirs. */
    private final class Dropping extends DefaultHttpDataFactory {
        Dropping() {
            super(false);
        }

        @Override
        public Attribute createAttribute(HttpRequest request, String name) {
            textParts.add(name);
            return new CountedText(name, 0);
        }

        @Override
        public Attribute createAttribute(HttpRequest request, String name, long definedSize) {
            textParts.add(name);
            return new CountedText(name, definedSize);
        }

        @Override
        public FileUpload createFileUpload(HttpRequest request, String name, String filename, String contentType,
                                           String contentTransferEncoding, Charset charset, long size) {
            return new DroppedFile(name, filename, contentType, contentTransferEncoding, charset, size);
        }
    }

    /** A text part's value: its bytes are counted, not kept. */
    private final class CountedText extends MemoryAttribute {
        CountedText(String name, long definedSize) {
            super(name, definedSize, HttpConstants.DEFAULT_CHARSET);
        }

        @Override
        public void addContent(ByteBuf buffer, boolean last) {
            if (buffer != null) {
                int length = buffer.readableBytes();
                buffer.release();
                size += length;
                bytes += length;
            }
            if (last) {
                setCompleted();
            }
        }
    }

    /** A file part: Vert.x writes it to disk, so it holds nothing in memory, and is not kept here either. */
    private static final class DroppedFile extends MemoryFileUpload {
        DroppedFile(String name, String filename, String contentType, String contentTransferEncoding, Charset charset,
                    long size) {
            super(name, filename, contentType, contentTransferEncoding, charset, size);
        }

        @Override
        public void addContent(ByteBuf buffer, boolean last) {
            if (buffer != null) {
                size += buffer.readableBytes();
                buffer.release();
            }
            if (last) {
                setCompleted();
            }
        }
    }
}
