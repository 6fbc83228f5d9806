package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The one place that turns a failed request into its answer: every exception and status a handler, guard or
 * Vert.x fails a request with becomes an {@code application/problem+json} response.
 *
 * <ul>
 *   <li>{@link ProblemException} — the problem it carries (400 malformed, 401, 403, 413, 415…)</li>
 *   <li>{@link ValidationException} — 422 with every field error</li>
 *   <li>{@link SubmissionConflictException} — 409 naming the existing submission</li>
 *   <li>{@link FlowNotConfiguredException} — 501 naming the flow and the configuration key that enables it</li>
 *   <li>{@link PlatformRejectedException} — 502 with the platform's codes and causes</li>
 *   <li>{@link StoreUnavailableException} — 503: the database is down, full or closed, so the request may be
 *       sent again later (with the same Idempotency-Key for a POST)</li>
 *   <li>{@link StoredDataUnreadableException} of a data key not configured here — 503 naming the data key the
 *       stored data needs and this instance lacks (during a key rotation, until it is configured here too): another
 *       instance, or a later try, reads it</li>
 *   <li>{@link StoredDataUnreadableException} of damaged data (its key is configured and does not open it) — 500
 *       saying the stored data cannot be read, without {@code Retry-After}: no instance reads it until it is
 *       repaired, and the detail names no key, which would send the operator looking for one</li>
 *   <li>a multipart text part over the form limits, or text parts over their limit in all
 *       ({@link TextPartLimit}) — 413 naming {@code body}</li>
 *   <li>a multipart body of more parts than {@link WebConfig#MAX_FORM_PARTS} — 400 naming {@code parts} and the
 *       count</li>
 *   <li>400 with an exception while a multipart body was read: the body handler could not decode it — a problem
 *       naming {@code body}</li>
 *   <li>a chunked body Netty's HTTP decoder could not decode ({@link #bodyUndecodable}) — 400 naming {@code body},
 *       logged at DEBUG only, and the connection closed (Vert.x closes it anyway)</li>
 *   <li>417 from the body handler (an {@code Expect} other than {@code 100-continue}) — a problem naming
 *       {@code Expect}, and the connection closed: the body was not read</li>
 *   <li>a bare status (413 from the body handler, 503 when a callback could not be stored) — that status</li>
 *   <li>anything else — 500, without internals</li>
 * </ul>
 * Every 503 carries {@code Retry-After}. A 5xx is logged at WARNING: a 500 with its stack trace; a 503 of the store
 * (or of a data key not configured), or a 500 of damaged stored data, as one line at most once a minute, naming the
 * latest route and the store's message (key ids, and where a damaged value lives), with how many since the last
 * such line. A failure once the answer has been sent (an upload cancelled
 * after its request was refused fails its own stream), or once the connection has closed (a client that went away
 * while its body was read), has nobody to answer and is not logged above DEBUG.
 */
final class FailureHandler implements Handler<RoutingContext> {
    private static final System.Logger LOG = System.getLogger(FailureHandler.class.getName());
    /** Long enough for a database restart or a failover to begin, short enough not to hold a partner back. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final QuietWarning storeUnavailable;
    private final QuietWarning keyMissing;
    private final QuietWarning dataDamaged;

    FailureHandler(QuietWarnings warnings) {
        this.storeUnavailable = warnings.warning(LOG);
        this.keyMissing = warnings.warning(LOG);
        this.dataDamaged = warnings.warning(LOG);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Nobody is left to tell: e.g. an upload cancelled once the request was refused fails its own stream.
            LOG.log(Level.DEBUG, "{0} {1} failed after its answer", ctx.request().method(),
                    ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED));
            return;
        }
        if (ctx.response().closed() || connectionLost(ctx.failure())) {
            // The client went away while its body was read (Vert.x fails the request with the closing): nobody is
            // left to tell, and nothing of the service failed.
            LOG.log(Level.DEBUG, "{0} {1}: the connection closed before the answer", ctx.request().method(),
                    ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED));
            return;
        }
        if (TextPartLimit.answerIfOver(ctx)) {
            // Vert.x's decoder refused the body cut short where its text parts went past their limit: that is the
            // answer (413), whatever it says.
            return;
        }
        if (bodyUndecodable(ctx.failure())) {
            // The client's framing, not a fault of ours: no stack trace. Vert.x closes the connection.
            LOG.log(Level.DEBUG, "{0} {1}: the body cannot be decoded ({2}); closing the connection",
                    ctx.request().method(), ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED),
                    ctx.failure().getClass().getSimpleName());
            Problem.Kind.MALFORMED_REQUEST.problem("the body cannot be read", List.of(new FieldError("body",
                    "is not valid chunked transfer coding"))).sendAndClose(ctx);
            // Vert.x closes the connection as soon as this returns, dropping what it has not flushed yet.
            VertxInternals.flush(ctx.request().connection());
            return;
        }
        Problem problem = problemFor(ctx.failure(), ctx.statusCode(), ctx.request());
        if (problem.status() >= 500) {
            String route = ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED);
            if (ctx.failure() instanceof StoreUnavailableException) {
                storeFailed(storeUnavailable, "the store is unavailable", ctx, route, problem.status());
            } else if (ctx.failure() instanceof StoredDataUnreadableException e) {
                storeFailed(damaged(e) ? dataDamaged : keyMissing, damaged(e) ? "stored data is damaged"
                        : "stored data is under a data key not configured here", ctx, route, problem.status());
            } else if (ctx.failure() == null || problem.status() == 501 || problem.status() == 502) {
                // A flow not configured or a platform's refusal is an answer, not a fault: no stack trace. A 500
                // keeps its: nothing else records why.
                LOG.log(Level.WARNING, "{0} {1} failed with {2}{3}", ctx.request().method(), route, problem.status(),
                        ctx.failure() == null ? "" : ": " + ctx.failure().getClass().getSimpleName());
            } else {
                LOG.log(Level.WARNING, ctx.request().method() + " " + route + " failed with " + problem.status(),
                        ctx.failure());
            }
        }
        if (problem.status() == 503 && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (problem.status() == 417) {
            // The body was never read, and a client that waits for a go-ahead first may never send it.
            problem.sendAndClose(ctx);
            return;
        }
        problem.send(ctx);
    }

    /**
     * Every request fails so while the store is down (or lacks a data key), and the platform and partners send theirs
     * again (a partner polls a damaged submission as well): a line each, with its stack, would flood the log. The
     * store's message names the fault (and key ids, and where a damaged value lives), never a stored value.
     */
    private static void storeFailed(QuietWarning warning, String why, RoutingContext ctx, String route, int status) {
        String latest = ctx.request().method() + " " + route + ": " + ctx.failure().getMessage();
        warning.happened(count -> "requests failed with " + status + " because " + why + " (" + count
                + " since the last such line; latest " + latest + ")");
    }

    /** Damaged stored data, which no instance reads, unlike data under a data key not configured here. */
    private static boolean damaged(StoredDataUnreadableException e) {
        return e.kind() == StoredDataUnreadableException.Kind.DAMAGED;
    }

    /**
     * Whether the client's connection broke while its body was read: a reset (a phone dropping off the network, a
     * client that gave up with SO_LINGER 0) reaches the request as the socket's own exception, before the response
     * counts as closed. Files and the store fail with exceptions of their own, which stay server faults.
     */
    private static boolean connectionLost(Throwable failure) {
        return failure instanceof java.net.SocketException
                || failure instanceof java.nio.channels.ClosedChannelException
                || failure instanceof io.netty.channel.unix.Errors.NativeIoException;
    }

    /**
     * Whether Netty's multipart decoder refused a text part over the form limits (a part is held in memory whole):
     * one part over the attribute size, or more undecoded than the buffered bytes allowed.
     */
    private static boolean textPartTooLarge(Throwable failure) {
        return failure instanceof HttpPostRequestDecoder.TooLongFormFieldException
                || failure instanceof IOException && failure.getMessage() != null
                        && failure.getMessage().startsWith("Size exceed allowed maximum capacity");
    }

    /** The answer to a multipart body of more parts than {@link WebConfig#MAX_FORM_PARTS}. */
    static Problem tooManyParts() {
        return Problem.Kind.MALFORMED_REQUEST.problem("the body has more parts than this endpoint takes",
                List.of(new FieldError("parts", "may be at most " + WebConfig.MAX_FORM_PARTS + " in a multipart body"
                        + " (a certificate registration takes details, ktp and selfie; a KTP scan details and ktp)")));
    }

    /**
     * Whether Netty's HTTP decoder refused what came after the headers: a chunk size that is not a hexadecimal
     * number (or does not fit a long), a chunk line or trailer too long, a malformed trailer. Vert.x hands the
     * decoder's own exception (a NumberFormatException, a TooLongFrameException...) to the request and closes the
     * connection; told from a handler's exception of the same type by where it was thrown.
     */
    static boolean bodyUndecodable(Throwable failure) {
        if (failure == null) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals(HttpObjectDecoder.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** @param request the failed request: whether its body was multipart, whether it named its host */
    static Problem problemFor(Throwable failure, int status, HttpServerRequest request) {
        if (failure instanceof ProblemException e) {
            return e.problem();
        }
        if (failure instanceof ValidationException e) {
            return Problem.Kind.VALIDATION_FAILED.problem(
                    e.errors().size() + " field(s) are invalid", e.errors());
        }
        if (failure instanceof SubmissionConflictException e) {
            Problem problem = Problem.Kind.CONFLICT.problem(
                    e.getMessage() + (e.existing() == null ? "" : ": submission " + e.existing()))
                    .with("reason", e.reason().name());
            return e.existing() == null ? problem : problem.with("existingSubmissionId", e.existing().toString());
        }
        if (failure instanceof FlowNotConfiguredException e) {
            return Problem.Kind.FLOW_NOT_CONFIGURED.problem(e.getMessage()).with("flow", e.flow().name())
                    .with("setting", e.setting());
        }
        if (failure instanceof PlatformRejectedException e) {
            JsonArray errors = new JsonArray();
            e.errors().forEach(error -> errors.add(new JsonObject().put("code", error.code())
                    .put("cause", error.cause())));
            return Problem.Kind.PLATFORM_REJECTED.problem("the platform answered HTTP " + e.httpStatus())
                    .with("platformStatus", e.httpStatus())
                    .with("platformErrors", errors);
        }
        if (failure instanceof StoreUnavailableException) {
            return Problem.Kind.UNAVAILABLE.problem("the bridge's store is unavailable; send the request again later");
        }
        if (failure instanceof StoredDataUnreadableException e && damaged(e)) {
            // Sending it again does not help, so no 503; naming the key would send the operator looking for it.
            return Problem.Kind.INTERNAL_ERROR.problem("the bridge's stored data for this request cannot be read: it"
                    + " is damaged, and sending the request again does not help");
        }
        if (failure instanceof StoredDataUnreadableException e) {
            // A key id is not secret: it tells the operator which key to configure.
            return Problem.Kind.UNAVAILABLE.problem("a data key the stored data needs ('" + e.keyId()
                    + "') is not configured on this instance; send the request again later");
        }
        if (failure instanceof DecodeException) {
            return Problem.Kind.MALFORMED_REQUEST.problem("the body is not valid JSON",
                    List.of(new FieldError("body", "must be a JSON object")));
        }
        if (failure != null && request.isExpectMultipart() && textPartTooLarge(failure)) {
            return TextPartLimit.problem(WebConfig.MAX_FORM_TEXT_BYTES);
        }
        if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException && request.isExpectMultipart()) {
            // Netty's multipart decoder refused a part past the count Vert.x was given: a DecoderException too, but
            // the body is well formed, and the generic answer below would send the client looking for a fault in it.
            return tooManyParts();
        }
        if (status == 400 && failure != null && request.isExpectMultipart()) {
            // Vert.x's multipart decoder refused the body (e.g. a part without a name); its message is no help.
            return Problem.Kind.MALFORMED_REQUEST.problem("the body cannot be read", List.of(new FieldError("body",
                    "is not valid multipart/form-data: each part needs headers such as "
                            + "Content-Disposition: form-data; name=\"...\"")));
        }
        if (status == 400 && request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null) {
            // Vert.x refuses an HTTP/1.1 request without Host before any route.
            return Problem.Kind.MALFORMED_REQUEST.problem("the request names no host",
                    List.of(new FieldError("Host", "is required in HTTP/1.1")));
        }
        if (status == 413) {
            return Problem.Kind.PAYLOAD_TOO_LARGE.problem("the body exceeds the size this endpoint accepts",
                    List.of(new FieldError("body", "is larger than this endpoint accepts")));
        }
        if (status == 417) {
            // Vert.x's body handler takes no expectation but 100-continue, and fails the request with the bare status.
            return Problem.Kind.EXPECTATION_FAILED.problem("the request's Expect header asks for what this service"
                    + " does not do", List.of(new FieldError("Expect", "may only be 100-continue (or left out)")));
        }
        if (status == 404) {
            // The router's own 404 for a target that is not a path at all ("OPTIONS *", "CONNECT host:443").
            return Problem.Kind.NOT_FOUND.problem(WebRouter.NO_SUCH_ENDPOINT);
        }
        if (status == 503) {
            // A callback the inbox could not store: the platform sends it again.
            return Problem.Kind.UNAVAILABLE.problem("the request could not be stored; send it again later");
        }
        if (status == 400) {
            // Vert.x's own refusal, e.g. a query with a malformed percent-escape: its message is no help either.
            return Problem.Kind.MALFORMED_REQUEST.problem("the request cannot be read");
        }
        if (status > 0 && status != 500) {
            return Problem.Kind.forStatus(status).problem(null);
        }
        return Problem.Kind.INTERNAL_ERROR.problem(null);
    }
}
