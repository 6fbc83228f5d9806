package dev.onekycbridge.core.service;

import dev.onekycbridge.core.port.in.PurgePersonalDataUseCase;
import dev.onekycbridge.core.port.in.PurgeReport;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * Data minimisation: erases the personal data held longer than the retention period — of submissions that
 * finished before it, in the bodies of callbacks settled before it — and the images of submissions that were never
 * stored, once {@link StagedDocuments#ORPHAN_AGE} old (or older than the retention period, if that is shorter). In batches, each a short write, so that a large backlog never holds the
 * store for long.
 */
public final class RetentionService implements PurgePersonalDataUseCase {
    private static final System.Logger LOG = System.getLogger(RetentionService.class.getName());
    private static final int BATCH = 100;

    private final SubmissionStore store;
    private final SubmissionCatalog catalog;
    private final StagedDocuments staged;
    private final CallbackInbox inbox;
    private final Clock clock;

    public RetentionService(SubmissionStore store, SubmissionCatalog catalog, StagedDocuments staged,
                            CallbackInbox inbox, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.staged = staged;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public PurgeReport purgeOlderThan(Duration retention) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        int submissions = purgeSubmissions(now, cutoff);
        int callbackBodies = inBatches(() -> inbox.eraseSettledBodies(cutoff, BATCH));
        // Images of a submission never stored serve nothing: an hour old, the intake that staged them has failed.
        Instant orphanedBefore = later(cutoff, now.minus(StagedDocuments.ORPHAN_AGE));
        int orphanedImages = inBatches(() -> staged.discardOrphans(orphanedBefore, BATCH));
        return new PurgeReport(submissions, callbackBodies, orphanedImages);
    }

    private int purgeSubmissions(Instant now, Instant cutoff) {
        int purged = 0;
        PurgeCandidate last = null;
        while (true) {
            var batch = catalog.findPurgeable(cutoff, last, BATCH);
            for (PurgeCandidate candidate : batch) {
                SubmissionId id = candidate.id();
                try {
                    var submission = store.findById(id);
                    // One purged since the batch was found (by another instance's purge, or the command's) is
                    // neither written again nor counted: each purge reports what it erased itself.
                    if (submission.isPresent() && submission.get().isFinal()
                            && submission.get().snapshot().purgedAt() == null) {
                        store.save(submission.get().purgePersonalData(now));
                        staged.discard(id);
                        purged++;
                    }
                } catch (StaleSubmissionException e) {
                    // Changed meanwhile (e.g. a late conflicting callback was recorded): the next run takes it.
                } catch (StoreUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // One that cannot be read (damaged, under a key no longer configured) must not hold back
                    // the others, nor the callbacks' and images' purges after them: it is left for an operator.
                    LOG.log(System.Logger.Level.WARNING, "submission " + id + " could not be purged ("
                            + e.getClass().getSimpleName() + "); the others are");
                }
            }
            if (batch.size() < BATCH) {
                return purged;
            }
            // The next batch starts after this one, not at the oldest left: those this one could not purge are
            // still there, and a full batch of them would otherwise come back at every run.
            last = batch.get(batch.size() - 1);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Runs a batch until one does less than a full batch; the total done. */
    private static int inBatches(IntSupplier batch) {
        int total = 0;
        int done;
        do {
            done = batch.getAsInt();
            total += done;
        } while (done == BATCH);
        return total;
    }
}
