package dev.onekycbridge.adapter.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every route of the service, built in this one place. Each route records its pattern (for the access log and
 * metrics), passes its guards, reads its body within its limit, and ends in a handler; every failure ends in
 * {@link FailureHandler}.
 */
final class WebRouter {
    static final String CALLBACK_ESIGN = "/callbacks/esign";
    static final String CALLBACK_COE = "/callbacks/coe";
    static final String CALLBACK_SIV = "/callbacks/siv";
    static final String NO_SUCH_ENDPOINT = "there is no such endpoint";
    /**
     * {@code /v1/submissions/}: a read of one submission whose id was left empty (a client's
     * {@code "/v1/submissions/" + id}). Vert.x matches a route's path with a trailing slash added too, so this would
     * be the list of every user's submissions; as a regular expression it is matched as written, and is no
     * operation of its own.
     */
    private static final String EMPTY_SUBMISSION_ID = "/v1/submissions/";

    private static final System.Logger LOG = System.getLogger(WebRouter.class.getName());

    private WebRouter() {
    }

    /**
     * @param blocking the partner API's workers
     * @param verificationBlocking the workers of identity verification starts, which wait for the platform's launch:
     *     apart, so that reads, registrations and scans never queue behind them
     */
    static Router create(Vertx vertx, WebConfig config, WebPorts ports, Blocking blocking,
                         Blocking verificationBlocking, Blocking callbackBlocking,
                         Blocking metricsBlocking, Blocking readinessBlocking, Buffer openApi,
                         RequestDeadlines deadlines, DiskRoom room, QuietWarnings warnings) {
        Router router = Router.router(vertx);
        Guards guards = new Guards(config, warnings);
        FailureHandler failures = new FailureHandler(warnings);
        CallbackHandlers callbacks = new CallbackHandlers(ports.acceptCallback(), callbackBlocking);
        StartHandlers starts = new StartHandlers(ports.startCertificateRegistration(), ports.startKtpScan(),
                ports.startIdentityVerification(), blocking, verificationBlocking, config.imageSizeLimit(),
                config.formTextLimit());
        QueryHandlers queries = new QueryHandlers(ports.getSubmission(), ports.listSubmissions(), blocking);
        OperationsHandlers operations = new OperationsHandlers(ports.readiness(), ports.catalog(),
                ports.callbacksWaiting(), ports.metrics(), metricsBlocking, readinessBlocking, openApi, warnings);

        BodyMemory memory = new BodyMemory(config.bodyMemory(), config.requestTimeout(), ports.metrics(), warnings);
        // Bodies read whole go into a buffer of their declared length: grown as they arrive, a 1 MB body would leave
        // copies of twice its size behind.
        BodyHandler callbackBody = BodyHandler.create(false).setBodyLimit(config.callbackBodyLimit())
                .setPreallocateBodyBuffer(true);
        BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit())
                .setPreallocateBodyBuffer(true);
        BodyHandler multipartBody = BodyHandler.create(config.uploadsDirectory().toString())
                .setBodyLimit(config.requestBodyLimit())
                .setDeleteUploadedFilesOnEnd(false) // UploadsGuard deletes them: the body handler's clean-up is unsafe
                .setMergeFormAttributes(false);

        router.route().handler(deadlines::requestArrived);
        router.route().handler(new AccessLog(ports.metrics()));

        // Operations: no key.
        get(router, "/health/live", operations::live);
        get(router, "/health/ready", operations::ready);
        get(router, "/metrics", operations::metrics);
        get(router, "/openapi.yaml", operations::openApi);

        // Callbacks: source, authorization, size, content type, in that order.
        Handler<RoutingContext> callbackMemory = memory.reserving(config.callbackBodyLimit());
        callback(router, CALLBACK_ESIGN, guards, callbackMemory, callbackBody, callbacks::esign);
        callback(router, CALLBACK_COE, guards, callbackMemory, callbackBody, callbacks::coe);
        callback(router, CALLBACK_SIV, guards, callbackMemory, callbackBody, callbacks::siv);

        // Partner API: the key first, before any body is read. Each route records its pattern before that, so that
        // a refused key is counted under its route.
        named(router, HttpMethod.POST, "/v1/certificate-registrations");
        named(router, HttpMethod.POST, "/v1/ktp-scans");
        named(router, HttpMethod.POST, "/v1/identity-verifications");
        named(router, HttpMethod.GET, "/v1/submissions");
        named(router, HttpMethod.HEAD, "/v1/submissions");
        named(router, HttpMethod.GET, "/v1/submissions/:id");
        named(router, HttpMethod.HEAD, "/v1/submissions/:id");
        router.routeWithRegex(EMPTY_SUBMISSION_ID).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(AccessLog.route("/v1/submissions/:id"));
        // Answers hold personal data (ktpData) and bearer tokens (an SDK token): no cache may keep them.
        router.route("/v1/*").handler(WebRouter::noStore).handler(guards::apiKey);
        UploadsGuard uploads = new UploadsGuard(config.uploadsDirectory(), config.requestBodyLimit(), blocking, room,
                ports.metrics(), warnings);
        // A multipart body's files go to disk; only its text parts are held, and those are held to their own limit
        // in all as the body arrives (TextPartLimit): the share of memory taken for it.
        Handler<RoutingContext> multipartMemory = memory.reserving(config.requestBodyLimit(), config.formTextLimit());
        Handler<RoutingContext> registrationText = new TextPartLimit(config.formTextLimit(),
                List.of("ktp", "selfie"));
        Handler<RoutingContext> scanText = new TextPartLimit(config.formTextLimit(), List.of("ktp"));
        Handler<RoutingContext> jsonMemory = memory.reserving(config.jsonBodyLimit());
        post(router, "/v1/certificate-registrations",
                List.of(guards::multipart, uploads, multipartMemory, registrationText), multipartBody,
                List.of(UploadsGuard::bodyRead, TextPartLimit::bodyRead), starts::startCertificateRegistration);
        post(router, "/v1/ktp-scans", List.of(guards::multipart, uploads, multipartMemory, scanText),
                multipartBody, List.of(UploadsGuard::bodyRead, TextPartLimit::bodyRead), starts::startKtpScan);
        post(router, "/v1/identity-verifications", List.of(guards::json, jsonMemory), jsonBody, List.of(),
                starts::startIdentityVerification);
        router.routeWithRegex(EMPTY_SUBMISSION_ID).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(queries::getSubmission);
        get(router, "/v1/submissions", queries::listSubmissions);
        get(router, "/v1/submissions/:id", queries::getSubmission);

        router.route().failureHandler(failures);
        // Failures outside the routes, e.g. a path or query with a malformed percent-escape: answered as problems,
        // and without Vert.x's own log line, whose stack trace anyone could have written for each such request.
        // They never reach a route's own no-store: say it here, as every partner API answer does.
        router.errorHandler(400, ctx -> {
            noStore(ctx.response());
            Problem.Kind.MALFORMED_REQUEST.problem("the request's URI cannot be read").send(ctx);
        });
        router.errorHandler(500, ctx -> {
            noStore(ctx.response());
            LOG.log(System.Logger.Level.WARNING, "{0} {1} failed outside the routes: {2}", ctx.request().method(),
                    ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED),
                    ctx.failure() == null ? "no exception" : ctx.failure().getClass().getName());
            Problem.Kind.INTERNAL_ERROR.problem(null).send(ctx);
        });
        router.errorHandler(404, ctx -> {
            noStore(ctx.response());
            Problem.Kind.NOT_FOUND.problem(NO_SUCH_ENDPOINT).send(ctx);
        });
        router.errorHandler(405, ctx -> {
            noStore(ctx.response()).putHeader("Allow", String.join(", ", allowedMethods(router, ctx.normalizedPath())));
            Problem.Kind.METHOD_NOT_ALLOWED.problem("this endpoint does not accept " + ctx.request().method())
                    .send(ctx);
        });
        return router;
    }

    /**
     * A read: GET, and HEAD with it (HTTP requires both of every server; monitors and link checkers use HEAD).
     * Vert.x sends a HEAD answer's status and headers without its body.
     */
    private static void get(Router router, String path, Handler<RoutingContext> handler) {
        router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(AccessLog.route(path))
                .handler(handler);
    }

    /** A route that only records its pattern, for a request refused before it reaches the route's handlers. */
    private static void named(Router router, HttpMethod method, String path) {
        router.route(method, path).handler(AccessLog.route(path));
    }

    /**
     * A partner API POST: its content-type guard, what must precede the body handler and the body's share of
     * memory ({@code beforeBody}, in that order) run on a first route, before the body is read (Vert.x wants body
     * handlers ahead of a route's own handlers); then the body handler, what must follow it, and the handler on a
     * second.
     */
    private static void post(Router router, String path, List<Handler<RoutingContext>> beforeBody, BodyHandler body,
                             List<Handler<RoutingContext>> afterBody, Handler<RoutingContext> handler) {
        Route first = router.post(path);
        beforeBody.forEach(first::handler);
        Route second = router.post(path).handler(body);
        afterBody.forEach(second::handler);
        second.handler(handler);
    }

    /**
     * A callback receiver: the source and authorization are checked and the body's share of memory taken on a
     * first route, before anything is read; then the body is read within its limit and the handler called on a
     * second. The body's declared type is not
     * checked: the platform documents none for some of its callbacks, and a result refused for its header would be
     * lost, where a body that is no JSON is kept as rejected.
     */
    private static void callback(Router router, String path, Guards guards, Handler<RoutingContext> memory,
                                 BodyHandler body, Handler<RoutingContext> handler) {
        router.route(path).method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .handler(AccessLog.route(path))
                .handler(guards::callbackSource)
                .handler(guards::callbackAuthorization)
                .handler(WebRouter::opaqueCallbackBody)
                .handler(memory);
        router.route(path).method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .handler(body)
                .handler(handler);
    }

    private static void noStore(RoutingContext ctx) {
        noStore(ctx.response());
        ctx.next();
    }

    private static HttpServerResponse noStore(HttpServerResponse response) {
        return response.headWritten() ? response : response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * Hides a form type from the body handler, which would otherwise decode the callback as a form: refuse a JSON
     * body with a '%' in it as a malformed form (nothing stored, not even for audit), and keep nothing of one
     * declared multipart. A callback's body is stored as it came, whatever type it declares.
     */
    private static void opaqueCallbackBody(RoutingContext ctx) {
        String type = MediaTypes.essence(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (type.startsWith("multipart/") || type.equals("application/x-www-form-urlencoded")) {
            ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
        }
        ctx.next();
    }

    /** The methods routed for a path, for the {@code Allow} header of a 405. */
    static Set<String> allowedMethods(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            if (pattern(route.getPath()).matcher(path == null ? "" : path).matches()) {
                route.methods().forEach(method -> methods.add(method.name()));
            }
        }
        return methods;
    }

    /** The paths Vert.x matches to a route's path: as written, and with a trailing slash added. */
    private static Pattern pattern(String routePath) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String segment : routePath.split("/", -1)) {
            parts.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(String.join("/", parts) + "/?");
    }
}
