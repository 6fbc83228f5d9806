package dev.onekycbridge.adapter.web;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Tells the log that callbacks are being refused at the door (a wrong {@code Authorization}, an address outside
 * the allowed ranges): at most once a {@link #QUIET} per reason, with how many were refused since. Usually the
 * platform's callback set-up and {@code BRIDGE_CALLBACK_AUTH} or {@code BRIDGE_CALLBACK_ALLOWED_IPS} disagree, and
 * every result then arrives only by polling, late; a line per refusal would let anyone flood the log.
 */
final class RefusedCallbacks {
    static final Duration QUIET = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(RefusedCallbacks.class.getName());

    enum Reason {
        AUTHORIZATION("their Authorization is missing or is not BRIDGE_CALLBACK_AUTH"),
        SOURCE("they come from an address outside BRIDGE_CALLBACK_ALLOWED_IPS");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final long[] loggedAt = new long[Reason.values().length];
    private final boolean[] logged = new boolean[Reason.values().length];
    private final long[] since = new long[Reason.values().length];

    /** A callback was refused; {@code detail} is what may help (the peer's address), never a header's value. */
    void refused(Reason reason, String detail) {
        String line;
        synchronized (this) {
            int i = reason.ordinal();
            since[i]++;
            long now = System.nanoTime();
            if (logged[i] && now - loggedAt[i] < QUIET.toNanos()) {
                return;
            }
            line = "callbacks are refused because " + reason.text + " (" + since[i] + " since the last such line; "
                    + "latest " + detail + "): results come only by polling until the platform's callback set-up"
                    + " and the service's agree";
            logged[i] = true;
            loggedAt[i] = now;
            since[i] = 0;
        }
        LOG.log(Level.WARNING, line);
    }
}
