package dev.onekycbridge.adapter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Comparison of presented credentials with configured ones, in constant time. */
final class Secrets {
    private Secrets() {
    }

    /**
     * Whether the presented value equals the expected one. Both are hashed first, so that the comparison takes
     * the same time whatever the values and their lengths; {@link MessageDigest#isEqual} does not stop at the
     * first differing byte.
     */
    static boolean matches(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
