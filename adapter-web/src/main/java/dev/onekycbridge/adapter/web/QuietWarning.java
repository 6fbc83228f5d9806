package dev.onekycbridge.adapter.web;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A warning that anyone outside may make happen again and again: logged at most once a {@link #QUIET}, with how many
 * times it happened since the line before. A line per occurrence would let a client flood the log (and, when the
 * warning is about a full disk, fill what little disk is left). Times counted but not yet told are told when the
 * quiet minute ends, by the latest occurrence's line: each burst shows its own size, not the next one's.
 */
final class QuietWarning {
    static final Duration QUIET = Duration.ofMinutes(1);

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private final BiConsumer<Duration, Runnable> later;
    private long loggedAt;
    private boolean logged;
    private long since;
    private LongFunction<String> latest;
    private boolean closing;

    QuietWarning(System.Logger log) {
        this(log, System::nanoTime, (delay, task) -> Closer.THREAD.schedule(task, delay.toNanos(),
                TimeUnit.NANOSECONDS));
    }

    /** @param later runs a task once a delay has passed (the end of a quiet minute) */
    QuietWarning(System.Logger log, LongSupplier nanoTime, BiConsumer<Duration, Runnable> later) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.later = later;
    }

    /** It happened once more; {@code line} makes the line from how many times since the last (this one included). */
    void happened(LongFunction<String> line) {
        long count;
        synchronized (this) {
            since++;
            latest = line;
            long now = nanoTime.getAsLong();
            if (logged && now - loggedAt < QUIET.toNanos()) {
                closeLater(now);
                return;
            }
            count = since;
            logged = true;
            loggedAt = now;
            since = 0;
        }
        log.log(Level.WARNING, line.apply(count));
    }

    /** Tells the times counted since the last line, once its quiet minute is over. */
    private void close() {
        synchronized (this) {
            closing = false;
            long now = nanoTime.getAsLong();
            if (since > 0 && now - loggedAt < QUIET.toNanos()) {
                closeLater(now);
                return;
            }
        }
        tellPending();
    }

    /**
     * Tells at once the times counted since the last line, if any: its server is closing, and a process that
     * stops would lose them. The closing line due at the end of the minute then finds nothing left to tell.
     */
    void tellPending() {
        long count;
        LongFunction<String> line;
        synchronized (this) {
            if (since == 0) {
                return;
            }
            count = since;
            line = latest;
            loggedAt = nanoTime.getAsLong();
            since = 0;
        }
        log.log(Level.WARNING, line.apply(count));
    }

    private void closeLater(long now) {
        if (!closing) {
            closing = true;
            later.accept(Duration.ofNanos(QUIET.toNanos() - (now - loggedAt)), this::close);
        }
    }

    /** One daemon thread for every warning's closing line, made when the first is needed. */
    private static final class Closer {
        static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "onekyc-quiet-warnings");
            thread.setDaemon(true);
            return thread;
        });
    }
}
