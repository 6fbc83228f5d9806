package dev.onekycbridge.app;

import dev.onekycbridge.core.port.in.PurgePersonalDataUseCase;
import dev.onekycbridge.core.port.in.PurgeReport;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the retention purge in the background while the workers run: first shortly after they start (a service
 * restarted more often than the interval still purges), then every interval. Each run goes through the backlog
 * in the purge's small batches. It logs counts only, and why a run failed ({@link FailureReason}), never personal
 * data. A run that fails, whatever it throws, leaves the next runs scheduled.
 */
final class RetentionSchedule {
    private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());
    /** Long enough that a start is not slowed by it, short enough that a short-lived process still purges. */
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);
    /** A run cut short loses nothing (each erasure is saved on its own): a stop does not wait long for one. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final PurgePersonalDataUseCase retention;
    private final Duration purgeAfter;
    private final Duration every;
    private ScheduledExecutorService executor;
    private volatile boolean stopping;

    RetentionSchedule(PurgePersonalDataUseCase retention, Duration purgeAfter, Duration every) {
        this.retention = retention;
        this.purgeAfter = purgeAfter;
        this.every = every;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        stopping = false;
        executor = Executors.newSingleThreadScheduledExecutor(run -> {
            // A daemon: a run stopped half-way loses nothing, each erasure is saved on its own.
            Thread thread = new Thread(run, "onekyc-retention");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(every.toMillis(), FIRST_RUN_AFTER.toMillis());
        executor.scheduleWithFixedDelay(this::purge, first, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule, letting a run in progress go on for a moment, then interrupting it. */
    synchronized void stop() {
        if (executor == null) {
            return;
        }
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    private void purge() {
        try {
            PurgeReport report = retention.purgeOlderThan(purgeAfter);
            if (report.total() > 0) {
                LOG.log(System.Logger.Level.INFO, "retention purge (older than " + Periods.text(purgeAfter) + "): "
                        + report);
            }
        } catch (Throwable e) {
            // The store may be briefly unavailable: the next run takes what this one left. Nothing may escape: the
            // schedule would silently cancel every later run, and personal data would be kept past its period. An
            // error (the heap exhausted for a moment) is logged by its class, and the next run goes ahead as well.
            // A failure caused by the store closing under a run cut short by a shutdown is no news.
            if (!stopping) {
                try {
                    LOG.log(FailureReason.levelOf(e), "retention purge failed: " + FailureReason.of(e));
                } catch (Throwable logging) {
                    // Nothing more can be said (the heap still exhausted, say): the next run is what matters.
                }
            }
        }
    }
}
