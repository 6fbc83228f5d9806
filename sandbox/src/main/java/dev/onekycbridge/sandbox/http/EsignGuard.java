package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.model.PartnerUser;
import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks every Esign endpoint makes, in order: the partner token (401), the required headers (400, all missing
 * ones listed), then whether the onboarding partner belongs to the token's client (403).
 */
final class EsignGuard {

    /** Which onboarding-partner header an endpoint needs. */
    enum PartnerHeader {
        /** Get Submission Details takes none. */
        NONE,
        /** CERT_REG: {@code x-esign-onboarding-partner}. */
        ESIGN,
        /** Initiate flow: the pages disagree, so {@code x-esign-onboarding-partner} or {@code x-onboarding-partner}. */
        EITHER
    }

    private final SandboxState state;

    EsignGuard(SandboxState state) {
        this.state = state;
    }

    Checked<EsignCaller> check(RoutingContext ctx, PartnerHeader partnerHeader) {
        Optional<IssuedToken> token =
                TokenCheck.accept(state, Headers.get(ctx, Headers.TOKEN), TokenKind.ESIGN_PARTNER);
        if (token.isEmpty()) {
            return Checked.refused(Problem.UNAUTHORIZED);
        }
        String partner = switch (partnerHeader) {
            case NONE -> null;
            case ESIGN -> Headers.get(ctx, Headers.ESIGN_ONBOARDING_PARTNER);
            case EITHER -> Optional.ofNullable(Headers.get(ctx, Headers.ESIGN_ONBOARDING_PARTNER))
                    .orElse(Headers.get(ctx, Headers.ONBOARDING_PARTNER));
        };
        String userId = Headers.get(ctx, Headers.PARTNER_USER_ID);
        String userIdType = Headers.get(ctx, Headers.PARTNER_USER_ID_TYPE);
        String sessionId = Headers.get(ctx, Headers.PARTNER_SESSION_ID);
        List<Problem> missing = new ArrayList<>();
        if (partnerHeader != PartnerHeader.NONE && partner == null) {
            missing.add(Problem.ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY);
        }
        if (userId == null) {
            missing.add(Problem.PARTNER_USER_ID_CAN_NOT_BE_EMPTY);
        }
        if (userIdType == null) {
            missing.add(Problem.PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY);
        }
        if (sessionId == null) {
            missing.add(Problem.PARTNER_SESSION_ID_CANNOT_BE_EMPTY);
        }
        if (!missing.isEmpty()) {
            return Checked.refused(missing);
        }
        String clientId = token.get().clientId();
        if (partner != null && !state.config().credential(clientId).map(c -> c.owns(partner)).orElse(false)) {
            return Checked.refused(Problem.ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT);
        }
        return new Checked.Passed<>(new EsignCaller(clientId, partner, new PartnerUser(userId, userIdType), sessionId));
    }
}
