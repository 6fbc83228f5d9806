package dev.onekycbridge.core.service;

import dev.onekycbridge.core.port.in.PurgePersonalDataUseCase;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.SubmissionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Data minimisation: erases personal data of submissions that finished longer ago than the retention period. */
public final class RetentionService implements PurgePersonalDataUseCase {
    private static final int BATCH = 100;

    private final SubmissionStore store;
    private final SubmissionCatalog catalog;
    private final StagedDocuments staged;
    private final Clock clock;

    public RetentionService(SubmissionStore store, SubmissionCatalog catalog, StagedDocuments staged, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.staged = staged;
        this.clock = clock;
    }

    @Override
    public int purgeFinishedOlderThan(Duration retention) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        int purged = 0;
        while (true) {
            var batch = catalog.findPurgeable(cutoff, BATCH);
            int before = purged;
            for (SubmissionId id : batch) {
                try {
                    var submission = store.findById(id);
                    if (submission.isPresent() && submission.get().isFinal()) {
                        store.save(submission.get().purgePersonalData(now));
                        staged.discard(id);
                        purged++;
                    }
                } catch (StaleSubmissionException e) {
                    // Changed meanwhile (e.g. a late conflicting callback was recorded): the next run takes it.
                }
            }
            if (batch.size() < BATCH || purged == before) {
                return purged;
            }
        }
    }
}
