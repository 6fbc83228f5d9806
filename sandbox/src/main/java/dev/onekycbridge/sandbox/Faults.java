package dev.onekycbridge.sandbox;

import java.util.List;

/**
 * Misbehaviour injected into platform endpoints (never into {@code /_sandbox}) and into callbacks.
 *
 * @param errorRate             share of platform requests answered with {@code errorStatus} (0..1)
 * @param errorStatus           status of an injected error, one of {@link #ERROR_STATUSES}
 * @param latencyMillisMax      each platform request waits a random 0..max milliseconds
 * @param resetRate             share of platform requests whose connection is closed without an answer
 * @param lostAnswerRate        share of platform requests that take effect but whose connection is closed before
 *                              the answer goes out
 * @param callbackDropRate      share of callbacks never sent
 * @param callbackDuplicateRate share of callbacks sent twice
 * @param callbackReorder       hold PARTIALLY_COMPLETED callbacks and send them after the COMPLETED one
 * @param callbackDelayMillis   wait before the first attempt of every automatic callback
 * @param seed                  seed for the random draws, for reproducible runs; null for a random seed
 * @param objectStore           whether the request faults also hit the object store
 */
public record Faults(
        double errorRate,
        int errorStatus,
        long latencyMillisMax,
        double resetRate,
        double lostAnswerRate,
        double callbackDropRate,
        double callbackDuplicateRate,
        boolean callbackReorder,
        long callbackDelayMillis,
        Long seed,
        boolean objectStore) {

    /**
     * The statuses an injected error can have: those the platform's pages give an error envelope for, so each is
     * answered as documented (README "Faults").
     */
    public static final List<Integer> ERROR_STATUSES = List.of(400, 401, 403, 429, 500, 503);

    public Faults {
        requireRate("errorRate", errorRate);
        requireRate("resetRate", resetRate);
        requireRate("lostAnswerRate", lostAnswerRate);
        requireRate("callbackDropRate", callbackDropRate);
        requireRate("callbackDuplicateRate", callbackDuplicateRate);
        if (!ERROR_STATUSES.contains(errorStatus)) {
            throw new IllegalArgumentException("errorStatus must be one of " + ERROR_STATUSES
                    + " (the statuses the platform documents an error answer for)");
        }
        if (latencyMillisMax < 0 || callbackDelayMillis < 0) {
            throw new IllegalArgumentException("latencyMillisMax and callbackDelayMillis must not be negative");
        }
    }

    /** No faults at all. */
    public static Faults none() {
        return new Faults(0, 500, 0, 0, 0, 0, 0, false, 0, null, false);
    }

    public Faults withErrorRate(double rate, int status) {
        return new Faults(rate, status, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withLatencyMillisMax(long millis) {
        return new Faults(errorRate, errorStatus, millis, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withResetRate(double rate) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, rate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withLostAnswerRate(double rate) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, rate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withCallbackDropRate(double rate) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, rate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withCallbackDuplicateRate(double rate) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate, rate,
                callbackReorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withCallbackReorder(boolean reorder) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, reorder, callbackDelayMillis, seed, objectStore);
    }

    public Faults withCallbackDelayMillis(long millis) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, millis, seed, objectStore);
    }

    public Faults withSeed(Long newSeed) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, newSeed, objectStore);
    }

    public Faults withObjectStore(boolean included) {
        return new Faults(errorRate, errorStatus, latencyMillisMax, resetRate, lostAnswerRate, callbackDropRate,
                callbackDuplicateRate, callbackReorder, callbackDelayMillis, seed, included);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1");
        }
    }
}
