package dev.onekycbridge.adapter.persistence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warns of claimed rows that cannot be decrypted (during a rolling key rotation, an instance still without the
 * key another one writes under): each row by its id and the exception's message, which names key ids and never a
 * value. A row is claimed again at every round until its key is configured, so the same row is warned of once a
 * minute rather than every round.
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

    void warn(String id, DataKeyMismatchException e, String left) {
        long now = System.nanoTime();
        synchronized (warnedAt) {
            Long last = warnedAt.get(id);
            if (last != null && now - last < QUIET_NANOS) {
                return;
            }
            warnedAt.put(id, now);
        }
        LOG.log(System.Logger.Level.WARNING, what + " " + id + " cannot be read (" + e.getMessage() + "); " + left);
    }
}
