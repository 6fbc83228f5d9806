package dev.onekycbridge.core.port.out;

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

    /**
     * Final submissions last changed before {@code cutoff} whose personal data is not yet purged, by last change
     * and then by id, from the first after {@code after} (null: from the first of all), so that a purge pages
     * past the ones it could not purge instead of being handed them again.
     */
    List<PurgeCandidate> findPurgeable(Instant cutoff, PurgeCandidate after, int limit);

    /** How many submissions are in each status. */
    Map<SubmissionStatus, Long> countByStatus();
}
