package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.json.ResultJson;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Esign Get Submission Details. It takes no submission id and no onboarding partner: the answer is the user's
 * latest Esign submission (CERT_REG or SIV) under the token's client.
 */
final class EsignDetailsRoute {

    static final String PATH = "/esign-partner/v1/submissions";

    private final SandboxState state;
    private final EsignGuard guard;
    private final ResultJson results;

    EsignDetailsRoute(SandboxState state, ResultJson results) {
        this.state = state;
        this.guard = new EsignGuard(state);
        this.results = results;
    }

    void mount(Router router) {
        router.get(PATH).handler(this::details);
    }

    private void details(RoutingContext ctx) {
        Checked<EsignCaller> checked = guard.check(ctx, EsignGuard.PartnerHeader.NONE);
        if (checked instanceof Checked.Refused<EsignCaller> refused) {
            Replies.error(ctx, Dialect.ESIGN, refused.problems());
            return;
        }
        EsignCaller caller = ((Checked.Passed<EsignCaller>) checked).value();
        // The platform's other "not found" (1518), published without a condition: asked for by a test value.
        if (TestValues.names(caller.user().id(), Problem.USER_NOT_FOUND)) {
            Replies.error(ctx, Dialect.ESIGN, Problem.USER_NOT_FOUND);
            return;
        }
        Optional<Submission> latest = state.submissions().latestEsign(caller.clientId(), caller.user());
        if (latest.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, Problem.USER_NOT_FOUND_FOR_PARTNER);
            return;
        }
        Replies.ok(ctx, results.esign(latest.get()));
    }
}
