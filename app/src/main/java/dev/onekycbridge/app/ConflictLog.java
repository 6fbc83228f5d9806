package dev.onekycbridge.app;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.event.SubmissionListener;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.ReportEffect;
import java.util.List;

/**
 * Tells the log of each report kept as a conflict: one that contradicts a final result (COMPLETED/VALID, then
 * COMPLETED/INVALID), or says the platform went on with a submission the bridge ended. It is never applied, and an
 * operator must decide which is right; without a line here, only the submission's own history would show it.
 * Statuses, results and reason codes only, never personal data.
 */
final class ConflictLog implements SubmissionListener {
    private static final System.Logger LOG = System.getLogger(ConflictLog.class.getName());

    @Override
    public void onEvent(SubmissionEvent event) {
        if (event.effect() != ReportEffect.CONFLICT) {
            return;
        }
        List<HistoryEntry> history = event.submission().history();
        HistoryEntry conflict = history.isEmpty() ? null : history.get(history.size() - 1);
        if (conflict == null || conflict.kind() != HistoryKind.CONFLICT) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "submission " + event.submission().id() + " (" + event.submission().flow()
                + "): a report by " + conflict.source() + " was kept as a conflict, not applied: " + conflict.detail()
                + "; see `status " + event.submission().id() + "`");
    }
}
