package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import java.util.Optional;

/** Accepts a token that exists, is live, is of the kind the endpoint takes, and whose client is still configured. */
final class TokenCheck {

    private TokenCheck() {
    }

    static Optional<IssuedToken> accept(SandboxState state, String value, TokenKind kind) {
        return state.tokens().find(value)
                .filter(t -> t.kind() == kind)
                .filter(t -> t.isLiveAt(state.now()))
                .filter(t -> state.config().credential(t.clientId()).isPresent());
    }
}
