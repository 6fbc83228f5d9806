package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.SandboxHost;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves each platform host under its prefix: a path of that host is routed again without the prefix, remembering
 * the host; any other path under a prefix (another host's, the object store's, the control API's) goes on with its
 * prefix and so matches no route, answering 404 as the real host would.
 */
final class HostPrefixes implements Handler<RoutingContext> {

    private static final String HOST = "sandbox.host";

    /** The host the request came in through, or null for the plain base URL. */
    static SandboxHost host(RoutingContext ctx) {
        return ctx.get(HOST);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        // On the second pass, after the reroute, the path has lost its prefix and the host is known.
        if (host(ctx) == null) {
            for (SandboxHost host : SandboxHost.values()) {
                if (!path.startsWith(host.prefix() + "/")) {
                    continue;
                }
                String rest = path.substring(host.prefix().length());
                if (host.serves(rest)) {
                    ctx.put(HOST, host);
                    String query = ctx.request().query();
                    ctx.reroute(ctx.request().method(), query == null ? rest : rest + "?" + query);
                    return;
                }
                break;
            }
        }
        ctx.next();
    }
}
