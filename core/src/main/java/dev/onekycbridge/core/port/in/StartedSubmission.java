package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.submission.Submission;

/**
 * The submission a start request created, or, for a repeat of a request with the same idempotency key, the one
 * the first request created ({@code replayed}).
 */
public record StartedSubmission(Submission submission, boolean replayed) {
}
