package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.Submission;
import java.util.List;

/** One page of submissions, and the cursor of the next page (null on the last). */
public record SubmissionPage(List<Submission> items, String nextCursor) {
    public SubmissionPage {
        items = List.copyOf(items);
    }
}
