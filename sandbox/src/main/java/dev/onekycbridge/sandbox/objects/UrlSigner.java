package dev.onekycbridge.sandbox.objects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs object-store URLs like a presigning S3 client: HMAC-SHA256 over method, path and expiry, with a secret
 * that lives only in this process (and changes on reset, so old URLs stop working).
 */
public final class UrlSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private volatile byte[] secret = newSecret();

    public String sign(String method, String path, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            byte[] digest = mac.doFinal(canonical(method, path, expiresEpochSecond).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison, so a timing probe learns nothing about the expected signature. */
    public boolean verify(String method, String path, long expiresEpochSecond, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(method, path, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
    }

    public void rotate() {
        secret = newSecret();
    }

    private static String canonical(String method, String path, long expires) {
        return method + "\n" + path + "\n" + expires;
    }

    private byte[] newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
