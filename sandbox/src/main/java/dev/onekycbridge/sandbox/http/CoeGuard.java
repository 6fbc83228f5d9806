package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks for COE endpoints: a user token plus session headers, or a partner token. */
final class CoeGuard {

    private final SandboxState state;

    CoeGuard(SandboxState state) {
        this.state = state;
    }

    /** User token (401), then both session headers (400), then the token's partner still owned by its client (403). */
    Checked<CoeUser> user(RoutingContext ctx) {
        Optional<IssuedToken> token = TokenCheck.accept(state, Headers.get(ctx, Headers.TOKEN), TokenKind.COE_USER);
        if (token.isEmpty()) {
            return Checked.refused(Problem.UNAUTHORIZED);
        }
        String sessionId = Headers.get(ctx, Headers.PARTNER_SESSION_ID);
        String sdkSessionId = Headers.get(ctx, Headers.SDK_SESSION_ID);
        List<Problem> missing = new ArrayList<>();
        if (sessionId == null) {
            missing.add(Problem.X_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY);
        }
        if (sdkSessionId == null) {
            missing.add(Problem.X_SDK_SESSION_ID_CAN_NOT_BE_EMPTY);
        }
        if (!missing.isEmpty()) {
            return Checked.refused(missing);
        }
        IssuedToken issued = token.get();
        boolean owned = state.config().credential(issued.clientId())
                .map(c -> c.owns(issued.onboardingPartner())).orElse(false);
        if (!owned) {
            return Checked.refused(Problem.ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT);
        }
        return new Checked.Passed<>(new CoeUser(issued.clientId(), issued.onboardingPartner(), issued.user(),
                sessionId, sdkSessionId));
    }

    /** A COE partner token, for Get Submission Details; the answer is its client id. */
    Checked<String> partner(RoutingContext ctx) {
        Problem unauthorized = state.config().coeDetailsUnauthorizedCode()
                == SandboxConfig.DETAILS_PAGE_UNAUTHORIZED_CODE
                ? Problem.COE_DETAILS_UNAUTHORIZED_AS_DETAILS_PAGE : Problem.UNAUTHORIZED;
        return TokenCheck.accept(state, Headers.get(ctx, Headers.TOKEN), TokenKind.COE_PARTNER)
                .<Checked<String>>map(t -> new Checked.Passed<>(t.clientId()))
                .orElseGet(() -> Checked.refused(unauthorized));
    }
}
