package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;

/** Lists submissions, newest first, a page at a time. */
public interface ListSubmissionsUseCase {
    SubmissionPage listSubmissions(SubmissionQuery query);
}
