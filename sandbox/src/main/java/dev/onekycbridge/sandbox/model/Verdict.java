package dev.onekycbridge.sandbox.model;

import java.time.Instant;

/**
 * What processing has concluded so far.
 *
 * @param result         null with status ERROR
 * @param reasonCode     set with INVALID, REJECTED and ERROR; null otherwise
 * @param processedAt    when the status was reached
 * @param registrationId certificate registration id, only once COMPLETED with VALID
 */
public record Verdict(Result result, String reasonCode, Instant processedAt, String registrationId) {
}
