package dev.onekycbridge.app.cli;

import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.event.SubmissionListener;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Prints each step of one submission as it happens — who moved it (driver, callback, poll) and to what — and
 * completes when it reaches a final status.
 */
final class ProgressPrinter implements SubmissionListener {
    private final PrintStream out;
    private final CompletableFuture<SubmissionEvent> finished = new CompletableFuture<>();
    private volatile SubmissionId watched;
    private int printed;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    /** Starts printing the steps of this submission, from its current state (steps may already have run). */
    void watch(Submission current) {
        this.watched = current.id();
        update(current);
    }

    /**
     * Prints the steps of the watched submission's state as read from the store, which another process (the
     * service, receiving the callbacks) may have moved; completes when that state is final.
     */
    void update(Submission stored) {
        onEvent(new SubmissionEvent(stored, stored.status(), null));
    }

    CompletableFuture<SubmissionEvent> finished() {
        return finished;
    }

    @Override
    public synchronized void onEvent(SubmissionEvent event) {
        if (watched == null || !event.submission().id().equals(watched)
                || event.submission().history().size() < printed) {
            return;
        }
        List<HistoryEntry> history = event.submission().history();
        for (HistoryEntry entry : history.subList(Math.min(printed, history.size()), history.size())) {
            if (entry.kind() == HistoryKind.TRANSITION && entry.from() == entry.to()) {
                continue;
            }
            String who = "[" + entry.source().name().toLowerCase(Locale.ROOT) + "]";
            String move = entry.kind() == HistoryKind.TRANSITION ? entry.from() + " -> " + entry.to()
                    : entry.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            out.printf("    %-11s %-38s %s%n", who, move, entry.detail() == null ? "" : entry.detail());
        }
        printed = history.size();
        if (event.submission().isFinal()) {
            finished.complete(event);
        }
    }
}
