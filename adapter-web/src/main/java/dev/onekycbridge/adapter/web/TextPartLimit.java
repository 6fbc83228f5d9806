package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Holds a multipart body's text parts to a limit in all, for the routes that read such bodies: run last before
 * the body handler, once the request has its share of the body memory, which is counted for that limit.
 *
 * <p>Vert.x keeps a multipart body's text parts in memory until the body has ended, each up to its own limit and as
 * many as the part count allows. Here the connection's decoder ({@link TextPartCount}) is told the limit of them
 * all. A body whose text parts have gone past it is answered 413: at once, unread, when they had before this ran;
 * else as soon as the content that takes them past it arrives, which is never handed to Vert.x. Either way the rest
 * of the body is read and dropped, not kept, so that the client, which may be sending it still, gets the answer
 * (closed with bytes of its unread, a connection would be reset, and the answer could be lost), and the handlers
 * after the body handler do not run ({@link #bodyRead}). The bytes dropped are not seen by the body's pace check
 * ({@link BodyProgress}): a client that takes longer than a request timeout to send the rest has its connection
 * closed, long after its answer. A body the decoder did not count (a request sent ahead of
 * the answers of several before it, or a connection without the decoder) is refused with 400 and its connection
 * closed: it could not be held to the limit.
 */
final class TextPartLimit implements Handler<RoutingContext> {
    /** Set on a request whose text parts went past the limit: its answer. */
    private static final String OVER = "onekyc-bridge.text-parts-over";

    private final long limit;
    /** The route's image parts: sent without a filename, one is a text part, held to this limit. */
    private final List<String> imageParts;

    TextPartLimit(long limit, List<String> imageParts) {
        this.limit = limit;
        this.imageParts = List.copyOf(imageParts);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : ctx.vertx().getOrCreateContext();
        switch (VertxInternals.limitTextParts(ctx.request(), limit, textParts -> wentOver(ctx, context, textParts))) {
            case WITHIN -> ctx.next();
            case OVER -> {
                // Nothing reads the body: Vert.x drops what it holds of it, and the decoder the rest.
                ctx.request().resume();
                answer(ctx);
            }
            case UNKNOWN -> Problem.Kind.MALFORMED_REQUEST.problem("the body cannot be read", List.of(
                            new FieldError("body", "could not be checked as it arrived: send the request on a "
                                    + "connection of its own, not behind others awaiting their answers")))
                    .sendAndClose(ctx);
        }
    }

    /**
     * Called by the decoder when the text parts go past the limit: at once, when they had already (the answer is
     * then sent before the one scheduled here, which finds it sent), or as the content that takes them past arrives.
     */
    private void wentOver(RoutingContext ctx, Context context, List<String> textParts) {
        // Only names of the route's own are compared and named: a client's part names are not repeated.
        List<String> imagesAsText = imageParts.stream().filter(textParts::contains).toList();
        ctx.put(OVER, problem(limit, imagesAsText));
        context.runOnContext(nothing -> answer(ctx));
    }

    /**
     * Runs once the body handler has read the body and handed on: stops there a body whose text parts went past the
     * limit, the form Vert.x made of the part of it handed to it being cut short.
     */
    static void bodyRead(RoutingContext ctx) {
        if (!answerIfOver(ctx)) {
            ctx.next();
        }
    }

    /**
     * Answers 413, unless answered already, a request whose text parts went past the limit: for the failure
     * handler, which a body cut short may reach first (Vert.x's decoder refusing what it was handed).
     *
     * @return whether they did
     */
    static boolean answerIfOver(RoutingContext ctx) {
        if (ctx.get(OVER) == null) {
            return false;
        }
        answer(ctx);
        return true;
    }

    private static void answer(RoutingContext ctx) {
        Problem problem = ctx.get(OVER);
        if (!ctx.response().headWritten()) {
            problem.send(ctx);
        }
    }

    /** The answer to a body whose text parts hold more than {@code limit} bytes in all. */
    static Problem problem(long limit) {
        return problem(limit, List.of());
    }

    /**
     * The answer to a body whose text parts hold more than {@code limit} bytes in all, among them the image parts
     * {@code imagesAsText} (sent without a filename): each is named, and told to come as a file part, since the
     * limit of text is not what the client has to mind.
     */
    static Problem problem(long limit, List<String> imagesAsText) {
        if (imagesAsText.isEmpty()) {
            return Problem.Kind.PAYLOAD_TOO_LARGE.problem("the text parts of the body are larger than this endpoint "
                    + "accepts", List.of(new FieldError("body", "may hold text parts (the details) of at most "
                    + limit + " bytes")));
        }
        List<FieldError> errors = imagesAsText.stream().map(image -> new FieldError(image, "is an image and must be"
                + " sent as a file part, with a filename in its Content-Disposition (curl: -F '" + image + "=@"
                + image + ".jpg'), not as a text part, which may hold at most " + limit + " bytes")).toList();
        return Problem.Kind.PAYLOAD_TOO_LARGE.problem("an image was sent as a text part", errors);
    }
}
