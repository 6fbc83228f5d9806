package dev.onekycbridge.core.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over the parts of a request, to tell a retry of a request from a different request sent with the
 * same idempotency key. Only the hash is kept.
 */
final class RequestFingerprint {
    private final MessageDigest digest;

    RequestFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    RequestFingerprint add(Object part) {
        // A separator that cannot appear in the parts' text keeps "ab"+"c" apart from "a"+"bc".
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
