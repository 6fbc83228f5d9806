package dev.onekycbridge.adapter.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link QuietWarning}s of one server. When it closes, what each has counted but not yet told is told at once:
 * otherwise a process that stops loses those counts, and a server closed inside a JVM that goes on running logs
 * about itself up to a minute later.
 */
final class QuietWarnings {
    private final List<QuietWarning> made = new CopyOnWriteArrayList<>();

    /** A new warning, told by {@link #tellPending} with the others. */
    QuietWarning warning(System.Logger log) {
        QuietWarning warning = new QuietWarning(log);
        made.add(warning);
        return warning;
    }

    /** Tells every warning's count not yet told; the server has stopped taking requests. */
    void tellPending() {
        made.forEach(QuietWarning::tellPending);
    }
}
