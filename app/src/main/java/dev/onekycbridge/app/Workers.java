package dev.onekycbridge.app;

import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import dev.onekycbridge.core.port.in.ProcessCallbacksUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The background loops of a running bridge: driver threads advancing due submissions, one thread applying
 * stored callbacks, and one renewing the leases of the driver's running steps, so that a slow step keeps its
 * submission from other instances. Each loop works while there is work and otherwise waits for a signal or the
 * idle interval.
 * Stopping closes the driver's claims first, so that a driver thread finishes the submission in hand and takes
 * nothing new; leases are released as those steps end.
 */
final class Workers {
    private static final System.Logger LOG = System.getLogger(Workers.class.getName());
    private static final int BATCH = 10;
    /** How long a step cut off, or interrupted, may take to save what it learnt and release its lease. */
    private static final Duration AFTER_CUT_OFF = Duration.ofSeconds(5);

    private final AdvanceDueSubmissionsUseCase driver;
    private final ProcessCallbacksUseCase callbacks;
    /** The queue {@code driver} claims from. */
    private final ClaimGate claims;
    private final WorkSignal submissionsArrived;
    private final WorkSignal callbacksArrived;
    private final int driverThreads;
    private final Duration idle;
    private final Duration renewEvery;
    private final List<Thread> threads = new ArrayList<>();
    /** Runs until the steps in flight have ended, so that they keep their leases while they finish. */
    private Thread leases;
    private volatile boolean running;

    /** @param renewEvery how often the leases of running steps are looked at: a fraction of the lease */
    Workers(AdvanceDueSubmissionsUseCase driver, ClaimGate claims, ProcessCallbacksUseCase callbacks,
            WorkSignal submissionsArrived, WorkSignal callbacksArrived, int driverThreads, Duration idle,
            Duration renewEvery) {
        this.driver = driver;
        this.claims = claims;
        this.callbacks = callbacks;
        this.submissionsArrived = submissionsArrived;
        this.callbacksArrived = callbacksArrived;
        this.driverThreads = driverThreads;
        this.idle = idle;
        this.renewEvery = renewEvery;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        if (!threads.isEmpty()) {
            throw new IllegalStateException("the workers of an earlier start are still running");
        }
        running = true;
        claims.open();
        for (int i = 0; i < driverThreads; i++) {
            threads.add(loop("onekyc-driver-" + i, submissionsArrived, () -> driver.advanceDueSubmissions(BATCH)));
        }
        threads.add(loop("onekyc-callbacks", callbacksArrived, () -> callbacks.processDueCallbacks(BATCH)));
        leases = leaseRenewal();
    }

    /** Renews the running steps' leases every {@code renewEvery}, until the loops stop. */
    private Thread leaseRenewal() {
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(renewEvery.toMillis());
                    driver.renewClaims();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The store may be briefly unavailable; the next round tries again while the lease lasts.
                    LOG.log(System.Logger.Level.WARNING, "renewing leases failed: " + e.getClass().getName());
                }
            }
        }, "onekyc-leases");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Stops the loops, waiting up to {@code grace} for the steps in flight; then, for those still running and if
     * {@code cutOff} is given, calls it (it ends their waits on the platform, e.g. by closing its client) and waits a
     * little more, then interrupts what is left and waits as long again,
     * so that they end while the store can still take their progress and release their leases. Loops still
     * running after an earlier stop have had their grace: they are cut off at once.
     */
    synchronized void stop(Duration grace, Runnable cutOff) {
        boolean graceGiven = !running;
        // Within a round a driver thread claims one submission after another: from now on it finds none.
        claims.close();
        running = false;
        awaitLoops(graceGiven ? Duration.ZERO : grace);
        if (cutOff != null && threads.stream().anyMatch(Thread::isAlive)) {
            cutOff.run();
            awaitLoops(AFTER_CUT_OFF);
            // Last: an interrupted step cannot save what it learnt (waiting for the store's writer ends at once).
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    thread.interrupt();
                }
            }
            awaitLoops(AFTER_CUT_OFF);
        }
        threads.removeIf(thread -> !thread.isAlive());
        if (!threads.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "worker thread(s) still running after the stop: " + threads.stream()
                    .map(Thread::getName).toList());
        }
        if (leases != null) {
            leases.interrupt();
            leases = null;
        }
    }

    private void awaitLoops(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : threads) {
            try {
                // A signal wakes one waiting loop, not necessarily this one: signal until this one has ended.
                while (thread.isAlive() && System.nanoTime() < deadline) {
                    submissionsArrived.signal();
                    callbacksArrived.signal();
                    thread.join(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface Round {
        int run();
    }

    private Thread loop(String name, WorkSignal wakeUp, Round round) {
        Thread thread = new Thread(() -> {
            FailureLog failures = new FailureLog(name);
            while (running) {
                try {
                    int done = round.run();
                    failures.succeeded();
                    if (done == 0) {
                        wakeUp.await(idle);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The store may be briefly unavailable; the loop must outlive it.
                    failures.failed(e);
                    try {
                        Thread.sleep(idle.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, name);
        thread.setDaemon(false);
        thread.start();
        return thread;
    }

    /**
     * What a loop says of its failing rounds: why ({@link FailureReason}), once a minute while the same failure
     * lasts rather than every round, and that it works again.
     */
    private static final class FailureLog {
        private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();
        private final String loop;
        private String last;
        private long loggedAt;
        private int unlogged;

        FailureLog(String loop) {
            this.loop = loop;
        }

        void failed(RuntimeException e) {
            String why = FailureReason.of(e);
            long now = System.nanoTime();
            if (why.equals(last) && now - loggedAt < QUIET_NANOS) {
                unlogged++;
                return;
            }
            LOG.log(System.Logger.Level.WARNING, loop + " round failed: " + why
                    + (unlogged > 0 ? " (" + unlogged + " more failed rounds not logged)" : ""));
            last = why;
            loggedAt = now;
            unlogged = 0;
        }

        void succeeded() {
            if (last != null) {
                LOG.log(System.Logger.Level.INFO, loop + " rounds work again");
                last = null;
                unlogged = 0;
            }
        }
    }
}
