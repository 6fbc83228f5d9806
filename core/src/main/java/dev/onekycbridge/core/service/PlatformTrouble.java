package dev.onekycbridge.core.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Tells the log when the platform stops taking the driver's steps, and when it takes them again. An outage fails
 * the step of every due submission, each retried with backoff: a line per failed step would drown the log, and
 * no line at all would leave an operator reading only submissions stuck in their state. So each kind of trouble
 * is warned about at most once per {@link #REMINDER}, with the number of steps that failed meanwhile (and an
 * episode that lasts {@link #SUSTAINED} always is), and an episode that was warned about ends with a line saying
 * the platform answers again.
 */
final class PlatformTrouble {
    static final Duration REMINDER = Duration.ofMinutes(5);
    static final Duration SUSTAINED = Duration.ofSeconds(30);

    enum Kind {
        UNAVAILABLE("the platform could not be reached or did not answer usefully"),
        CREDENTIALS_REFUSED("the platform refused our credentials; check ONEKYC_CLIENT_ID and ONEKYC_PASS_KEY, and"
                + " the flow's onboarding partner setting when it refused that"),
        READ_REFUSED("the platform refused to tell a submission's status (a 4xx to a status read, which fails no"
                + " submission); each is asked again with backoff");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private final System.Logger log;
    private final Clock clock;
    private final Map<Kind, Instant> warnedAt = new EnumMap<>(Kind.class);
    /** Read without the lock on every successful step, so that a healthy platform costs no lock. */
    private volatile boolean troubled;
    private Instant since;
    private long failedSteps;
    private boolean announced;

    PlatformTrouble(System.Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** A step failed for {@code kind}; {@code detail} names the call and how it failed, no personal data. */
    synchronized void failed(Kind kind, String detail) {
        Instant now = clock.instant();
        if (!troubled) {
            troubled = true;
            since = now;
            failedSteps = 0;
            announced = false;
        }
        failedSteps++;
        if (!remindedRecently(warnedAt.get(kind), now) || !announced && lasted(now)) {
            warnedAt.put(kind, now);
            announced = true;
            log.log(Level.WARNING, kind.text + " (" + detail + "); " + failedSteps + " step(s) failed since " + since
                    + ", each retried with backoff");
        } else {
            log.log(Level.DEBUG, () -> kind.text + " (" + detail + ")");
        }
    }

    /**
     * Whether a warning at {@code last} is less than a {@link #REMINDER} before {@code now}. One after {@code now}
     * is from before the wall clock stepped back (an NTP correction, a restored VM): it would otherwise send every
     * warning, reminder and end of an outage to DEBUG for as long as the step.
     */
    private static boolean remindedRecently(Instant last, Instant now) {
        return last != null && !now.isBefore(last) && now.isBefore(last.plus(REMINDER));
    }

    /**
     * Whether the episode going on has lasted {@link #SUSTAINED}: one that began soon after a warned one ended is
     * then warned about too, though the reminder's time has not come. Errors that come and go within it stay at
     * DEBUG, so that they cannot flood the log.
     */
    private boolean lasted(Instant now) {
        return !now.isBefore(since.plus(SUSTAINED));
    }

    /** A step went through: an episode of trouble, if one is going on, is over. */
    void succeeded() {
        if (!troubled) {
            return;
        }
        synchronized (this) {
            if (!troubled) {
                return;
            }
            troubled = false;
            if (announced) {
                log.log(Level.INFO, "the platform takes the driver's steps again; " + failedSteps
                        + " step(s) failed since " + since + " and are retried");
            }
        }
    }
}
