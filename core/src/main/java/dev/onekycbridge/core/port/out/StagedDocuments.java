package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Images kept (encrypted) from acceptance until the platform has them, then discarded: the bridge holds
 * personal images no longer than it needs them.
 * A failure of the store itself (down, full, closed) is a {@link StoreUnavailableException}.
 *
 * <p>What an implementation keeps:
 * <ul>
 *   <li>It sees the submissions of the {@link SubmissionStore} beside it: {@link #discardOrphans} tells an
 *   orphan by its submission not being stored there. Every instance sharing that store reads the images any of
 *   them staged: the driver that uploads them may run on another.</li>
 *   <li>{@link #stageAll} is atomic and committed before it returns: the submission is stored next, and from then
 *   on its images must be there.</li>
 *   <li>{@link #find} answers empty only when the image is gone for good: the submission then fails at once
 *   ({@code STAGED_DOCUMENT_MISSING}) and is never retried. A store that cannot reach where it keeps the images
 *   throws instead.</li>
 *   <li>Thread-safe: the partner API, the driver's threads and the purge call it at once.</li>
 * </ul>
 */
public interface StagedDocuments {
    /**
     * How old an image left without its submission (or, kept as a file, without its row) must be before it is
     * taken for an orphan: far longer than an intake takes from staging its images to storing its submission.
     */
    Duration ORPHAN_AGE = Duration.ofHours(1);

    /**
     * Stores the images, all of them or none (a source that fails leaves every image as it was), streaming each
     * from its source; each replaces the one staged before for its kind. All of a submission's images in one call,
     * so that a store can write them at once: its caller waits for one write, not one per image.
     */
    void stageAll(SubmissionId id, Map<DocumentKind, DocumentSource> images);

    /**
     * The staged image, readable more than once, or empty when it was discarded or is lost. A store that cannot
     * tell now (where it keeps the images is unreachable) throws {@link StoreUnavailableException}, never answers
     * empty: the image may well be there once it is back, and empty fails the submission for good.
     */
    Optional<DocumentSource> find(SubmissionId id, DocumentKind kind);

    /** Discards every staged image of the submission. */
    void discard(SubmissionId id);

    /**
     * Discards the images staged before {@code stagedBefore} for submissions that were never stored (an intake
     * that failed or stopped between staging its images and storing its submission), up to {@code limit}
     * submissions' images; returns for how many submissions. The retention purge asks for those older than
     * {@link #ORPHAN_AGE}.
     */
    int discardOrphans(Instant stagedBefore, int limit);
}
