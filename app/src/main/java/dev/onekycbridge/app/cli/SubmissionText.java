package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.Lease;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.Schedule;
import dev.onekycbridge.core.submission.Submission;
import java.io.PrintStream;
import java.util.Optional;

/** A submission for the terminal: its state and history, never its personal data. */
final class SubmissionText {
    private SubmissionText() {
    }

    /**
     * The schedule's count: failed steps when the last one failed, otherwise polls that found no final result yet
     * (the driver paces both with the same count).
     */
    private static String attempts(Schedule schedule) {
        if (schedule.failedAttempts() == 0) {
            return "";
        }
        return schedule.lastFailure() != null
                ? " after " + schedule.failedAttempts() + " failed attempt(s), last: " + schedule.lastFailure()
                : " after " + schedule.failedAttempts() + " poll(s) without a final result";
    }

    static void print(PrintStream out, Submission s) {
        print(out, s, Optional.empty());
    }

    /**
     * With the lease held on it, if any: a submission whose next step is past due may be held by a process that
     * is still working on it, or by one that stopped and whose lease must run out first.
     */
    static void print(PrintStream out, Submission s, Optional<Lease> lease) {
        out.println("submission   " + s.id() + " (" + s.flow() + ")");
        out.println("partner user " + s.partnerUser().userId() + " (" + s.partnerUser().userIdType() + ")");
        out.println("platform id  " + s.platformSubmissionId().orElse("-"));
        out.println("status       " + s.status());
        s.outcome().ifPresent(o -> out.println("outcome      " + o.verdict()
                + (o.processedAt() == null ? "" : " at " + o.processedAt())));
        s.failure().ifPresent(f -> out.println("failure      " + f));
        if (!s.isFinal()) {
            out.println("next step    " + (s.schedule().nextStepAt() == null ? "-" : s.schedule().nextStepAt())
                    + attempts(s.schedule()));
        }
        lease.ifPresent(held -> out.println("lease        held by " + held.owner() + " until " + held.until()));
        if (!s.conflicts().isEmpty()) {
            out.println("conflicts    " + s.conflicts().size() + " report(s) contradicted the result; see history");
        }
        out.println("history");
        for (HistoryEntry h : s.history()) {
            out.printf("  %s  %-19s %-9s %-22s %s%n", h.at(), h.kind(), h.source(),
                    h.from() == h.to() ? h.to() : h.from() + " -> " + h.to(), h.detail() == null ? "" : h.detail());
        }
    }
}
