package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.SubmissionStatus;

/**
 * A filter for listing submissions, newest first. Null filters match everything.
 *
 * @param cursor an opaque position returned by the previous page, or null for the first page
 */
public record SubmissionQuery(String partnerUserId, SubmissionStatus status, FlowType flow, int limit,
                              String cursor) {
    public static final int MAX_LIMIT = 100;

    public SubmissionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
