package dev.onekycbridge.app.cli;

import java.security.SecureRandom;
import java.util.Base64;

/** Throw-away data keys for commands that run on a temporary database (demo, register --sandbox). */
final class DataKeys {
    private DataKeys() {
    }

    /** A fresh random 256-bit key, base64-encoded as BRIDGE_DATA_KEY takes it. */
    static String random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
