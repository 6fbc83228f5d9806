package dev.onekycbridge.adapter.web;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A warning that anyone outside may make happen again and again: logged at most once a {@link #QUIET}, with how many
 * times it happened since the line before. A line per occurrence would let a client flood the log (and, when the
 * warning is about a full disk, fill what little disk is left).
 */
final class QuietWarning {
    static final Duration QUIET = Duration.ofMinutes(1);

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private long loggedAt;
    private boolean logged;
    private long since;

    QuietWarning(System.Logger log) {
        this(log, System::nanoTime);
    }

    QuietWarning(System.Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** It happened once more; {@code line} makes the line from how many times since the last (this one included). */
    void happened(LongFunction<String> line) {
        long count;
        synchronized (this) {
            since++;
            long now = nanoTime.getAsLong();
            if (logged && now - loggedAt < QUIET.toNanos()) {
                return;
            }
            count = since;
            logged = true;
            loggedAt = now;
            since = 0;
        }
        log.log(Level.WARNING, line.apply(count));
    }
}
