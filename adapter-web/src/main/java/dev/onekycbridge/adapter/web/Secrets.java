package dev.onekycbridge.adapter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Comparison of presented credentials with configured ones, in constant time. */
final class Secrets {
    private Secrets() {
    }

    /**
     * Whether the presented value equals any of the accepted ones (a credential and the one it replaces, during a
     * rotation). Each is hashed first, so that the comparison takes the same time whatever the values and their
     * lengths ({@link MessageDigest#isEqual} does not stop at the first differing byte), and every one is compared
     * whichever matched, so that the time taken tells neither whether nor which.
     */
    static boolean matchesAny(String presented, List<String> accepted) {
        if (presented == null) {
            return false;
        }
        byte[] hash = sha256(presented);
        boolean any = false;
        for (String expected : accepted) {
            any |= MessageDigest.isEqual(hash, sha256(expected));
        }
        return any;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
