package dev.onekycbridge.adapter.persistence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warns of claimed rows that cannot be read: sealed under a key this instance does not have (during a rolling key
 * rotation, one still without the key another one writes under), or damaged. Each row is named by its id and
 * {@link #reason}, never a value. A row is claimed again at every round until its key is configured (or it is
 * repaired), so the same row is warned of once a minute rather than every round.
 */
final class UnreadableRows {
    private static final System.Logger LOG = System.getLogger(UnreadableRows.class.getName());
    private static final long QUIET_NANOS = 60_000_000_000L;
    private static final int REMEMBERED = 1024;

    private final String what;
    private final Map<String, Long> warnedAt = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** {@code what} names the rows in a sentence, e.g. "submission". */
    UnreadableRows(String what) {
        this.what = what;
    }

    /**
     * Why a row cannot be read, naming no value: a key mismatch's message (key ids, and where a damaged value
     * lives, one that does not decrypt or does not parse); of anything else, whose message may quote what it read,
     * the class alone.
     */
    static String reason(RuntimeException e) {
        return e instanceof DataKeyMismatchException ? e.getMessage() : e.getClass().getName();
    }

    void warn(String id, RuntimeException e, String left) {
        long now = System.nanoTime();
        synchronized (warnedAt) {
            Long last = warnedAt.get(id);
            if (last != null && now - last < QUIET_NANOS) {
                return;
            }
            warnedAt.put(id, now);
        }
        LOG.log(System.Logger.Level.WARNING, what + " " + id + " cannot be read (" + reason(e) + "); " + left);
    }
}
