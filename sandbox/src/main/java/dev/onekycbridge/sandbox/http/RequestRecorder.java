package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.SandboxHost;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.security.Masking;
import dev.onekycbridge.sandbox.state.RecordedRequest;
import dev.onekycbridge.sandbox.state.RequestLog;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records every platform request (not the control API) with its answer's status, masked as it is stored. A body
 * above {@link #MAX_BODY_BYTES} is recorded by its size only, like an image, so that the log's window stays small.
 */
final class RequestRecorder implements Handler<RoutingContext> {

    /** Many times any request the platform documents. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final SandboxState state;

    RequestRecorder(SandboxState state) {
        this.state = state;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ControlRoutes.isControlPath(ctx.request().path())) {
            ctx.next();
            return;
        }
        // The window is the one it arrives in: a request still in flight when the log is cleared is not counted in
        // the next one.
        RequestLog.Arrival arrival = state.requests().arrive();
        Instant at = state.now();
        ctx.addEndHandler(done -> {
            Integer status = ctx.response().ended() ? ctx.response().getStatusCode() : null;
            state.requests().add(snapshot(ctx, arrival.sequence(), at, status), arrival.window());
        });
        ctx.next();
    }

    private static RecordedRequest snapshot(RoutingContext ctx, long sequence, Instant at, Integer status) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : ctx.request().headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, Masking.header(lower, String.join(", ", ctx.request().headers().getAll(name))));
        }
        String declared = FormTypeGuard.declared(ctx);
        if (declared != null) {
            headers.put("content-type", Masking.header("content-type", declared));
        }
        String body = null;
        boolean json = false;
        int length = ctx.body() == null ? 0 : ctx.body().length();
        if (length > 0) {
            boolean kept = length <= MAX_BODY_BYTES && !ctx.request().path().startsWith(Links.OBJECTS_PREFIX);
            String masked = kept ? Masking.jsonBody(ctx.body().asString()) : null;
            json = masked != null;
            body = json ? masked : "<" + length + " bytes>";
        }
        SandboxHost host = HostPrefixes.host(ctx);
        return new RecordedRequest(sequence, at, ctx.request().method().name(), ctx.request().path(),
                Masking.query(ctx.request().query()), headers, body, json, status,
                host == null ? null : host.prefix().substring(1));
    }
}
