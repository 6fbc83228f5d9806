package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Read-side questions about many submissions: listing, retention and counts.
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 */
public interface SubmissionCatalog {
    SubmissionPage list(SubmissionQuery query);

    /** Final submissions last changed before {@code cutoff} whose personal data is not yet purged. */
    List<SubmissionId> findPurgeable(Instant cutoff, int limit);

    /** How many submissions are in each status. */
    Map<SubmissionStatus, Long> countByStatus();
}
