package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The checks that run before a request reaches its handler, each failing the request with its problem: the
 * callback source and authorization, the partner API's bearer key, and the content type. None reads the body.
 */
final class Guards {
    private static final String BEARER = "Bearer ";

    private final CallbackSource callbackSource;
    /** The configured callback credential, named in the challenge; null when callbacks need none. */
    private final String callbackAuth;
    /** The callback credential and, during a rotation, the one it replaces: either is accepted. */
    private final List<String> callbackAuths;
    /** The partner API's key and, during a rotation, the one it replaces; empty leaves the API open. */
    private final List<String> apiKeys;
    private final RefusedCallbacks refusedCallbacks;

    Guards(WebConfig config, QuietWarnings warnings) {
        this.refusedCallbacks = new RefusedCallbacks(warnings);
        this.callbackSource = new CallbackSource(config.allowedCallbackCidrs(), config.trustedProxies());
        this.callbackAuth = config.callbackAuth();
        this.callbackAuths = accepted(config.callbackAuth(), config.callbackAuthPrevious());
        this.apiKeys = accepted(config.apiKey(), config.apiKeyPrevious());
    }

    /** 403 unless the callback comes from an allowed address. */
    void callbackSource(RoutingContext ctx) {
        if (!callbackSource.allowsAny()) {
            String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
            List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
            if (!callbackSource.allows(peer, forwarded)) {
                String chain = String.join(", ", forwarded);
                refusedCallbacks.refused(RefusedCallbacks.Reason.SOURCE, "from " + peer + (forwarded.isEmpty() ? ""
                        : ", forwarded for " + (chain.length() > 100 ? chain.substring(0, 100) + "…" : chain)));
                ctx.fail(new ProblemException(Problem.Kind.FORBIDDEN.problem(
                        "callbacks are accepted only from the configured addresses")));
                return;
            }
        }
        ctx.next();
    }

    /** 401 unless the callback carries the configured {@code Authorization} value, or the previous one. */
    void callbackAuthorization(RoutingContext ctx) {
        if (callbackAuth != null && !Secrets.matchesAny(ctx.request().getHeader("Authorization"), callbackAuths)) {
            refusedCallbacks.refused(RefusedCallbacks.Reason.AUTHORIZATION, ctx.request().getHeader("Authorization")
                    == null ? "without one" : "with another value");
            ctx.response().putHeader("WWW-Authenticate", scheme(callbackAuth) + " realm=\"onekyc-bridge-callbacks\"");
            ctx.fail(new ProblemException(Problem.Kind.UNAUTHORIZED.problem(
                    "the callback's Authorization header is missing or wrong",
                    List.of(new FieldError("Authorization", "must be the configured callback credential")))));
            return;
        }
        ctx.next();
    }

    /**
     * 401 unless a partner API request carries {@code Authorization: Bearer <key>} with the configured key or the
     * previous one, when a key is configured.
     */
    void apiKey(RoutingContext ctx) {
        if (!apiKeys.isEmpty()) {
            String header = ctx.request().getHeader("Authorization");
            String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? header.substring(BEARER.length()).strip() : null;
            if (!Secrets.matchesAny(presented, apiKeys)) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"onekyc-bridge\"");
                ctx.fail(new ProblemException(Problem.Kind.UNAUTHORIZED.problem(
                        "send Authorization: Bearer with the service's API key",
                        List.of(new FieldError("Authorization", "must be Bearer and the service's API key")))));
                return;
            }
        }
        ctx.next();
    }

    /** The credentials accepted: none, the current one, or the current and the previous one. */
    private static List<String> accepted(String current, String previous) {
        if (current == null) {
            return List.of();
        }
        return previous == null ? List.of(current) : List.of(current, previous);
    }

    /** 415 unless the body is JSON ({@code application/json} or {@code application/*+json}). */
    void json(RoutingContext ctx) {
        if (!MediaTypes.isJson(ctx.request().getHeader("Content-Type"))) {
            ctx.fail(new ProblemException(Problem.Kind.UNSUPPORTED_MEDIA_TYPE.problem(
                    "the body must be application/json",
                    List.of(new FieldError("Content-Type", "must be application/json")))));
            return;
        }
        ctx.next();
    }

    /**
     * 415 unless the body is {@code multipart/form-data}; 400 when it names no boundary, without which Vert.x would
     * read the body as a URL-encoded form and report every part missing.
     */
    void multipart(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (!MediaTypes.isMultipartFormData(contentType)) {
            ctx.fail(new ProblemException(Problem.Kind.UNSUPPORTED_MEDIA_TYPE.problem(
                    "the body must be multipart/form-data",
                    List.of(new FieldError("Content-Type", "must be multipart/form-data")))));
            return;
        }
        if (!MediaTypes.hasBoundary(contentType)) {
            ctx.fail(ProblemException.malformed("Content-Type",
                    "must name the parts' boundary: multipart/form-data; boundary=..."));
            return;
        }
        ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, MediaTypes.multipartForDecoder(contentType));
        ctx.next();
    }

    /**
     * The scheme of the configured callback credential, for the challenge; only a well-known scheme is named,
     * so that no part of a credential written without one is ever echoed.
     */
    private static String scheme(String credential) {
        int space = credential.indexOf(' ');
        String first = space > 0 ? credential.substring(0, space) : "";
        for (String known : List.of("Basic", "Bearer", "Digest", "Token")) {
            if (known.equalsIgnoreCase(first)) {
                return known;
            }
        }
        return "Bearer";
    }
}
