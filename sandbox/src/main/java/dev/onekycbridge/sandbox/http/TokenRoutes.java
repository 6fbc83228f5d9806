package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.ClientCredential;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The token host: Esign partner token, COE partner token, COE user token. */
final class TokenRoutes {

    static final String ESIGN_PARTNER_TOKEN = "/v1/esign/partner/authentication";
    static final String COE_PARTNER_TOKEN = "/v1/coe/partner/authentication";
    static final String COE_USER_TOKEN = "/v2/coe/authentication";

    private final SandboxState state;

    TokenRoutes(SandboxState state) {
        this.state = state;
    }

    void mount(Router router) {
        router.get(ESIGN_PARTNER_TOKEN).handler(this::esignPartnerToken);
        router.get(COE_PARTNER_TOKEN).handler(this::coePartnerToken);
        router.get(COE_USER_TOKEN).handler(this::coeUserToken);
    }

    private void esignPartnerToken(RoutingContext ctx) {
        String clientId = Headers.get(ctx, Headers.CLIENT_ID);
        String passKey = Headers.get(ctx, Headers.PASS_KEY);
        boolean errorPageForm = state.config().esignTokenMissingHeaderCode()
                == SandboxConfig.ERROR_PAGE_MISSING_HEADER_CODE;
        List<Problem> missing = new ArrayList<>();
        if (clientId == null) {
            missing.add(errorPageForm ? Problem.MISSING_CLIENT_ID_AS_ERROR_PAGE : Problem.MISSING_CLIENT_ID);
        }
        if (passKey == null) {
            missing.add(errorPageForm ? Problem.MISSING_PASS_KEY_AS_ERROR_PAGE : Problem.MISSING_PASS_KEY);
        }
        if (!missing.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN_TOKEN, missing);
            return;
        }
        if (authenticate(clientId, passKey).isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN_TOKEN, Problem.UNAUTHORIZED);
            return;
        }
        long ttl = state.config().tokenTtlSeconds();
        Replies.ok(ctx, tokenData(issue(TokenKind.ESIGN_PARTNER, clientId, null, null, ttl), ttl));
    }

    private void coePartnerToken(RoutingContext ctx) {
        String clientId = Headers.get(ctx, Headers.CLIENT_ID);
        String passKey = Headers.get(ctx, Headers.PASS_KEY);
        List<Problem> missing = new ArrayList<>();
        if (clientId == null) {
            missing.add(Problem.CLIENT_ID_CAN_NOT_BE_EMPTY);
        }
        if (passKey == null) {
            missing.add(Problem.PASS_KEY_CAN_NOT_BE_EMPTY);
        }
        if (!missing.isEmpty()) {
            Replies.error(ctx, Dialect.COE_TOKEN, missing);
            return;
        }
        if (authenticate(clientId, passKey).isEmpty()) {
            Replies.error(ctx, Dialect.COE_TOKEN, Problem.UNAUTHORIZED);
            return;
        }
        long ttl = state.config().coePartnerTokenTtlSeconds();
        Replies.ok(ctx, tokenData(issue(TokenKind.COE_PARTNER, clientId, null, null, ttl), ttl));
    }

    private void coeUserToken(RoutingContext ctx) {
        String clientId = Headers.get(ctx, Headers.CLIENT_ID);
        String passKey = Headers.get(ctx, Headers.PASS_KEY);
        String partner = Headers.get(ctx, Headers.ONBOARDING_PARTNER);
        String userId = Headers.get(ctx, Headers.PARTNER_USER_ID);
        String userIdType = Headers.get(ctx, Headers.PARTNER_USER_ID_TYPE);
        List<Problem> missing = new ArrayList<>();
        if (clientId == null || passKey == null) {
            missing.add(Problem.MISSING_CLIENT_ID_OR_PASS_KEY);
        }
        if (partner == null) {
            missing.add(Problem.COE_PARTNER_CAN_NOT_BE_EMPTY);
        }
        if (userId == null) {
            missing.add(Problem.PARTNER_USER_ID_CAN_NOT_BE_EMPTY);
        }
        if (userIdType == null) {
            missing.add(Problem.PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY);
        }
        if (!missing.isEmpty()) {
            Replies.error(ctx, Dialect.COE_TOKEN, missing);
            return;
        }
        Optional<ClientCredential> client = authenticate(clientId, passKey);
        if (client.isEmpty()) {
            Replies.error(ctx, Dialect.COE_TOKEN, Problem.UNAUTHORIZED);
            return;
        }
        if (!client.get().owns(partner)) {
            Replies.error(ctx, Dialect.COE_TOKEN, Problem.ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT);
            return;
        }
        // A user token lives as published (§6.2), not as long as a partner token.
        long ttl = state.config().userTokenTtlSeconds();
        IssuedToken token = issue(TokenKind.COE_USER, clientId, partner, new PartnerUser(userId, userIdType), ttl);
        Replies.ok(ctx, tokenData(token, ttl));
    }

    private Optional<ClientCredential> authenticate(String clientId, String passKey) {
        return state.config().credential(clientId).filter(c -> c.acceptsPassKey(passKey));
    }

    private IssuedToken issue(TokenKind kind, String clientId, String partner, PartnerUser user, long ttlSeconds) {
        return state.tokens().issue(kind, clientId, partner, user, null, state.now(), ttlSeconds);
    }

    /** Both numbers are strings on the wire, as published. */
    private static JsonObject tokenData(IssuedToken token, long ttlSeconds) {
        return new JsonObject()
                .put("token", token.value())
                .put("expiry_seconds", String.valueOf(ttlSeconds))
                .put("expires_at", String.valueOf(token.expiresAt().getEpochSecond()));
    }
}
