package dev.onekycbridge.sandbox.state;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens issued and not yet expired (expired ones are forgotten by {@link #forgetExpired}, since an expired token is
 * refused like an unknown one). Tokens are opaque random strings shaped like a JWT, never parsed by the sandbox.
 */
public final class TokenStore {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64.encodeToString(
            "{\"alg\":\"HS256\",\"kid\":\"onekyc-sandbox\"}".getBytes(StandardCharsets.UTF_8));

    private final SecureRandom random = new SecureRandom();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

    /** A fresh token value; the caller stores it with {@link #add}. */
    public String newValue(TokenKind kind) {
        byte[] id = new byte[18];
        byte[] signature = new byte[32];
        random.nextBytes(id);
        random.nextBytes(signature);
        String payload = "{\"typ\":\"" + kind + "\",\"jti\":\"" + BASE64.encodeToString(id) + "\"}";
        return HEADER + "." + BASE64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64.encodeToString(signature);
    }

    public void add(IssuedToken token) {
        tokens.put(token.value(), token);
    }

    public Optional<IssuedToken> find(String value) {
        return value == null ? Optional.empty() : Optional.ofNullable(tokens.get(value));
    }

    /** Expires every live token; returns how many were live. */
    public int expireAll(Instant now) {
        int[] live = {0};
        tokens.replaceAll((value, token) -> {
            if (token.isLiveAt(now)) {
                live[0]++;
                return token.expiredAt(now);
            }
            return token;
        });
        return live[0];
    }

    /** Forgets the tokens expired at {@code now}; returns how many. */
    public int forgetExpired(Instant now) {
        int before = tokens.size();
        tokens.values().removeIf(token -> !token.isLiveAt(now));
        return before - tokens.size();
    }

    /** Forgets the SIV tokens of these submissions: the launch page they open needs its submission. */
    public void forgetForSubmissions(Set<String> submissionIds) {
        tokens.values().removeIf(token -> token.submissionId() != null
                && submissionIds.contains(token.submissionId()));
    }

    public int size() {
        return tokens.size();
    }

    public void clear() {
        tokens.clear();
    }
}
