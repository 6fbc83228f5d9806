package dev.onekycbridge.sandbox.objects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs object-store URLs like a presigning S3 client: HMAC-SHA256 over the method, the path and the whole query
 * (every parameter but the signature, sorted, exactly as sent), with a secret that lives only in this process (and
 * changes on reset, so old URLs stop working). As on real storage, a URL is used verbatim: a parameter appended or
 * re-encoded, or the signature in other letters, no longer matches.
 */
public final class UrlSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String SIGNATURE = "signature";

    private final SecureRandom random = new SecureRandom();
    private volatile byte[] secret = newSecret();

    /** The signature of {@code query} (without the signature, as it will be sent) for method and path. */
    public String sign(String method, String path, String query) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            byte[] digest = mac.doFinal(canonical(method, path, sorted(List.of(query.split("&", -1))))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether the raw query string as received signs this method and path: exactly one {@code signature}, equal
     * (constant-time, case and all) to the one over the other parameters as sent.
     */
    public boolean verify(String method, String path, String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        List<String> signed = new ArrayList<>();
        List<String> signatures = new ArrayList<>();
        for (String parameter : rawQuery.split("&", -1)) {
            if (parameter.startsWith(SIGNATURE + "=")) {
                signatures.add(parameter.substring(SIGNATURE.length() + 1));
            } else {
                signed.add(parameter);
            }
        }
        if (signatures.size() != 1) {
            return false;
        }
        byte[] expected = sign(method, path, sorted(signed)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatures.get(0).getBytes(StandardCharsets.US_ASCII));
    }

    public void rotate() {
        secret = newSecret();
    }

    /** Parameters in a fixed order, as sent (not decoded): a client may reorder them, not rewrite them. */
    private static String sorted(List<String> parameters) {
        return parameters.stream().sorted().collect(Collectors.joining("&"));
    }

    private static String canonical(String method, String path, String query) {
        return method + "\n" + path + "\n" + query;
    }

    private byte[] newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
