package dev.onekycbridge.app;

import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import java.time.Duration;
import java.util.List;

/**
 * A thread that renews the leases of a driver's running claims ({@link AdvanceDueSubmissionsUseCase#renewClaims})
 * every interval until it is stopped, so that a slow step keeps its submission from other instances. No failure
 * ends it: the store may be briefly unavailable (the next round tries again while the lease lasts), and an error
 * (the heap exhausted for a moment) must not end it either, or every running step would lose its lease and another
 * instance repeat the step. It is a daemon: it holds nothing that a stopping JVM would lose.
 */
final class LeaseRenewal {
    private static final System.Logger LOG = System.getLogger(LeaseRenewal.class.getName());

    private final Thread thread;
    private volatile boolean renewing = true;
    /** Set by {@link #stopOnceEnded}: the renewals end once none of these threads is alive. */
    private volatile List<Thread> until;

    private LeaseRenewal(String name, AdvanceDueSubmissionsUseCase driver, Duration every) {
        thread = new Thread(() -> {
            while (renewing) {
                try {
                    Thread.sleep(every.toMillis());
                    if (ended(until)) {
                        return;
                    }
                    driver.renewClaims();
                } catch (InterruptedException e) {
                    // The stop interrupts it once it has ended the renewals; an interrupt before is no reason to end.
                    if (!renewing) {
                        return;
                    }
                } catch (Throwable e) {
                    try {
                        LOG.log(FailureReason.levelOf(e), "renewing leases failed: " + FailureReason.of(e));
                    } catch (Throwable logging) {
                        // Nothing more can be said (the heap still exhausted, say): the renewals go on all the same.
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Renews {@code driver}'s running claims every {@code every}, on a thread of this name, until {@link #stop}. */
    static LeaseRenewal start(String name, AdvanceDueSubmissionsUseCase driver, Duration every) {
        LeaseRenewal renewal = new LeaseRenewal(name, driver, every);
        renewal.thread.start();
        return renewal;
    }

    /**
     * Ends the renewals once every one of {@code steps} has ended, so that a step still running keeps its lease
     * until then; {@link #stop} ends them at once all the same.
     */
    void stopOnceEnded(List<Thread> steps) {
        until = List.copyOf(steps);
    }

    private static boolean ended(List<Thread> steps) {
        return steps != null && steps.stream().noneMatch(Thread::isAlive);
    }

    /** Ends the renewals: a renewal under way finishes, and none starts after it. */
    void stop() {
        renewing = false;
        thread.interrupt();
    }
}
