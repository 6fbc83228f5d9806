package dev.onekycbridge.sandbox.state;

import dev.onekycbridge.sandbox.model.PartnerUser;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks tokens. A token carries what it was issued for (kind, client, partner, user, submission, expiry)
 * in a JWT-shaped text signed with a secret of this process, so the sandbox needs to remember no token: a COE user
 * or SIV token lives 60 days, and a sandbox that handed out one per test would otherwise hold two months of them.
 * What it keeps is a count of the tokens still live per expiry minute, for {@link #expireAll}'s answer: a sandbox
 * issuing tokens all day holds at most one count per minute of their lifetime, however many it issues.
 */
public final class TokenStore {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Expiries are counted together per minute; a token stops counting at the end of the minute it expires in. */
    private static final long BUCKET_MILLIS = 60_000;
    private static final String HEADER = BASE64.encodeToString(
            "{\"alg\":\"HS256\",\"kid\":\"onekyc-sandbox\"}".getBytes(StandardCharsets.UTF_8));

    private final SecureRandom random = new SecureRandom();
    private volatile byte[] secret = newSecret();
    /** Serial of the last token issued; every token carries its own. */
    private long serial;
    /** Tokens with a serial up to this one were expired at once by {@link #expireAll} (or a reset). */
    private volatile long expiredThrough;
    /**
     * Live tokens (issued after the last {@link #expireAll}) per expiry minute, keyed by the minute's end in epoch
     * millis, until the sweep drops them.
     */
    private final TreeMap<Long, Integer> liveByExpiry = new TreeMap<>();

    /** A new token valid until {@code now + ttlSeconds} (to the millisecond, rounded up). */
    public synchronized IssuedToken issue(TokenKind kind, String clientId, String onboardingPartner, PartnerUser user,
            String submissionId, Instant now, long ttlSeconds) {
        Instant plain = now.plusSeconds(ttlSeconds);
        long expiry = plain.getNano() % 1_000_000 == 0 ? plain.toEpochMilli() : plain.toEpochMilli() + 1;
        byte[] jti = new byte[18];
        random.nextBytes(jti);
        JsonObject claims = new JsonObject()
                .put("typ", kind.name())
                .put("jti", BASE64.encodeToString(jti))
                .put("cid", clientId)
                .put("op", onboardingPartner)
                .put("uid", user == null ? null : user.id())
                .put("uty", user == null ? null : user.idType())
                .put("sub", submissionId)
                .put("exp", expiry)
                .put("n", ++serial);
        String signed = HEADER + "." + BASE64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        liveByExpiry.merge(bucket(expiry), 1, Integer::sum);
        return new IssuedToken(signed + "." + BASE64.encodeToString(mac(signed)), kind, clientId, onboardingPartner,
                user, submissionId, Instant.ofEpochMilli(expiry));
    }

    /**
     * The token this text is, if this sandbox issued it since its last reset and it was not expired at once. Takes
     * no lock: every platform request checks a token.
     */
    public Optional<IssuedToken> find(String value) {
        return claims(value).filter(c -> c.getLong("n") > expiredThrough).map(c -> token(value, c));
    }

    /** Expires every live token; returns how many were counted live (with any that expired this very minute). */
    public synchronized int expireAll(Instant now) {
        forgetExpired(now);
        int live = liveByExpiry.values().stream().mapToInt(Integer::intValue).sum();
        liveByExpiry.clear();
        expiredThrough = serial;
        return live;
    }

    /**
     * Stops counting the tokens whose expiry minute has ended at {@code now}; returns how many. Costs what it drops.
     */
    public synchronized int forgetExpired(Instant now) {
        int dropped = 0;
        Iterator<Integer> expired = liveByExpiry.headMap(now.toEpochMilli(), true).values().iterator();
        while (expired.hasNext()) {
            dropped += expired.next();
            expired.remove();
        }
        return dropped;
    }

    /**
     * Stops counting an SIV token whose submission is forgotten: it opens nothing any more (the launch page needs
     * its submission), so it is no longer live.
     */
    public synchronized void release(String value, Instant now) {
        Optional<JsonObject> claims = claims(value).filter(c -> c.getLong("n") > expiredThrough);
        if (claims.isPresent() && bucket(claims.get().getLong("exp")) > now.toEpochMilli()) {
            liveByExpiry.computeIfPresent(bucket(claims.get().getLong("exp")),
                    (minute, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Live tokens, as far as the last sweep knows. */
    public synchronized int size() {
        return liveByExpiry.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Forgets every token: a new secret, so none issued before verifies. */
    public synchronized void clear() {
        secret = newSecret();
        liveByExpiry.clear();
        expiredThrough = serial;
    }

    private Optional<JsonObject> claims(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int last = value.lastIndexOf('.');
        if (last < 0 || !value.startsWith(HEADER + ".")) {
            return Optional.empty();
        }
        String signed = value.substring(0, last);
        try {
            byte[] signature = DECODER.decode(value.substring(last + 1));
            if (!MessageDigest.isEqual(mac(signed), signature)) {
                return Optional.empty();
            }
            byte[] payload = DECODER.decode(signed.substring(HEADER.length() + 1));
            return Optional.of(new JsonObject(new String(payload, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static IssuedToken token(String value, JsonObject c) {
        String userId = c.getString("uid");
        PartnerUser user = userId == null ? null : new PartnerUser(userId, c.getString("uty"));
        return new IssuedToken(value, TokenKind.valueOf(c.getString("typ")), c.getString("cid"), c.getString("op"),
                user, c.getString("sub"), Instant.ofEpochMilli(c.getLong("exp")));
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The end of the expiry minute {@code expiryMillis} falls in (itself when it is a minute's end). */
    private static long bucket(long expiryMillis) {
        return Math.floorDiv(expiryMillis + BUCKET_MILLIS - 1, BUCKET_MILLIS) * BUCKET_MILLIS;
    }

    /** For tests: how many expiry minutes are counted, i.e. what the store holds whatever the number of tokens. */
    synchronized int countedExpiries() {
        return liveByExpiry.size();
    }
}
