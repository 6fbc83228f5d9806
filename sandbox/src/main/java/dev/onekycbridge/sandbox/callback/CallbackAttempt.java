package dev.onekycbridge.sandbox.callback;

import java.time.Instant;

/**
 * One HTTP attempt of a callback delivery.
 *
 * @param number         1-based
 * @param at             when it was sent
 * @param httpStatus     the partner's answer, or null on a connection error or timeout
 * @param error          what went wrong without an answer, or null
 * @param durationMillis time to the answer or the failure
 */
public record CallbackAttempt(int number, Instant at, Integer httpStatus, String error, long durationMillis) {
}
