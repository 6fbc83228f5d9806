package dev.onekycbridge.adapter.persistence;

import java.security.SecureRandom;
import java.util.List;

/**
 * Gets AES-GCM compiled before the first images arrive. Until the JIT has compiled the callers of its AES and
 * GHASH intrinsics, the JDK runs GCM in plain Java, some 30 times slower: 3–14 ms for a 200 KiB image instead of
 * 70 µs. A service that stages a few images a minute would never seal enough to get there, and each image is
 * sealed on SQLite's one writer thread, where every other write waits for it. So, once per process, a background
 * thread seals and opens small buffers under a throw-away key until the compiled code is in place.
 */
final class CipherWarmUp {
    private static final int ROUNDS = 12_000;
    private static final int BUFFER_BYTES = 4096;
    private static volatile boolean started;

    private CipherWarmUp() {
    }

    /** Starts the warm-up unless this process has already started one; returns at once. */
    static void startOnce() {
        synchronized (CipherWarmUp.class) {
            if (started) {
                return;
            }
            started = true;
        }
        Thread thread = new Thread(CipherWarmUp::run, "onekyc-bridge-cipher-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    static void run() {
        byte[] material = new byte[DataKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(material);
        DataCipher cipher = DataCipher.of(DataKey.of("warm-up", material), List.of());
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int i = 0; i < ROUNDS; i++) {
            DataCipher.Sealed sealed = cipher.seal(buffer, "warm-up");
            cipher.open(sealed.keyId(), sealed.bytes(), "warm-up");
        }
    }
}
