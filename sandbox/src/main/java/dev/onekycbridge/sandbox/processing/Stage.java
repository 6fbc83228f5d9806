package dev.onekycbridge.sandbox.processing;

import dev.onekycbridge.sandbox.model.Result;
import dev.onekycbridge.sandbox.model.SubmissionStatus;

/**
 * One status a submission reaches while processing.
 *
 * @param status     the status reached
 * @param result     its result, null with ERROR
 * @param reasonCode set with INVALID, REJECTED and ERROR
 * @param callback   whether the partner is called back about it
 */
public record Stage(SubmissionStatus status, Result result, String reasonCode, boolean callback) {
}
