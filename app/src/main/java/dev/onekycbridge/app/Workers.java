package dev.onekycbridge.app;

import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import dev.onekycbridge.core.port.in.ProcessCallbacksUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The background loops of a running bridge: driver threads advancing due submissions, one thread applying
 * stored callbacks, and one renewing the leases of the driver's running steps ({@link LeaseRenewal}), so that a
 * slow step keeps its submission from other instances. Each loop works while there is work and otherwise waits for a signal or the
 * idle interval; the callback loop gives way to the callbacks still arriving ({@link YieldToArrivals}). No failure
 * of a round or a renewal, an {@link Error} included, ends a loop: only the stop does.
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
    /**
     * Runs until the steps in flight have ended, or a stop with a cut-off has ended them, so that they keep their
     * leases while they finish; a stop that leaves steps running leaves it to them.
     */
    private LeaseRenewal leases;
    /** The loops' failing rounds of the latest start, for the stop to tell those not yet told. */
    private FailureLog failures;
    private volatile boolean running;

    /**
     * @param callbacks null for no callback loop (a process beside a service, which applies them)
     * @param renewEvery how often the leases of running steps are looked at: a fraction of the lease
     */
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
        failures = new FailureLog(driverThreads + (callbacks == null ? 0 : 1));
        for (int i = 0; i < driverThreads; i++) {
            threads.add(loop("onekyc-driver-" + i, submissionsArrived, () -> driver.advanceDueSubmissions(BATCH),
                    YieldToArrivals.NEVER, failures));
        }
        if (callbacks != null) {
            threads.add(loop("onekyc-callbacks", callbacksArrived, () -> callbacks.processDueCallbacks(BATCH),
                    YieldToArrivals.CALLBACK_WORKER, failures));
        }
        // Until the steps in flight have ended after the stop: running ends when the stop begins.
        leases = LeaseRenewal.start("onekyc-leases", driver, renewEvery);
    }

    /**
     * Stops the loops, waiting up to {@code grace} for the steps in flight; then, for those still running and if
     * {@code cutOff} is given, calls it (it ends their waits on the platform, e.g. by closing its client) and waits a
     * little more, then interrupts what is left and waits as long again,
     * so that they end while the store can still take their progress and release their leases. Loops still
     * running after an earlier stop have had their grace: they are cut off at once. The leases of the steps in
     * flight are renewed until they end; without {@code cutOff}, also after this returns, for as long as they run.
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
        if (failures != null) {
            // The rounds failed since the last line would otherwise go untold: its next line never comes.
            failures.tellPending();
        }
        if (leases != null) {
            if (threads.isEmpty() || cutOff != null) {
                // After a cut-off the caller closes the store: a step still alive then is stuck past saving.
                leases.stop();
                leases = null;
            } else {
                // A step outlasting the grace keeps its lease until it ends (or a later stop cuts it off):
                // otherwise another instance could claim it and repeat the step while this one still runs it.
                leases.stopOnceEnded(threads);
            }
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

    /**
     * A loop that runs rounds until the workers stop. A round that fails, whatever it throws, is logged (by its
     * class and the loop, see {@link FailureLog}) and followed by the idle interval: the store may be briefly
     * unavailable, and an error (the heap exhausted by a moment's spike, a stack overflow in one submission's step,
     * a class that would not load) must not end the loop either, which would leave its work undone while the
     * service looks healthy. Only the stop ends it.
     */
    private Thread loop(String name, WorkSignal wakeUp, Round round, YieldToArrivals pacing, FailureLog failures) {
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    long signalsBefore = wakeUp.signals();
                    long began = System.nanoTime();
                    int done = round.run();
                    failures.succeeded(name);
                    if (done == 0) {
                        wakeUp.await(idle);
                    } else {
                        TimeUnit.NANOSECONDS.sleep(pacing.restNanos(System.nanoTime() - began,
                                wakeUp.signals() != signalsBefore));
                    }
                } catch (InterruptedException e) {
                    // The stop interrupts the loops it has stopped; an interrupt before is no reason to end.
                    if (!running) {
                        return;
                    }
                } catch (Throwable e) {
                    try {
                        failures.failed(name, e);
                    } catch (Throwable logging) {
                        // Nothing more can be said (the heap still exhausted, say): the loop goes on all the same.
                    }
                    try {
                        Thread.sleep(idle.toMillis());
                    } catch (InterruptedException interrupted) {
                        if (!running) {
                            return;
                        }
                    }
                }
            }
        }, name);
        thread.setDaemon(false);
        thread.start();
        return thread;
    }

    /**
     * What the loops say of their failing rounds. One store outage fails the rounds of every loop at once: each
     * reason ({@link FailureReason}) is logged when it begins and then at most once a minute while it lasts, with
     * the loops it fails and how many rounds failed since its last line; and once, when no loop fails any more,
     * that the rounds work again, with how many rounds failed since the last warning; rounds not told yet when
     * the workers stop are told then. A reason that is an {@link Error} is logged at ERROR, by its class alone.
     */
    private static final class FailureLog {
        private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();
        private final int loops;
        /** Why each failing loop's last round failed. */
        private final Map<String, String> failing = new TreeMap<>();
        private final Map<String, Reason> reasons = new HashMap<>();
        /** Read without the lock after every round, so that rounds that work cost no lock. */
        private volatile boolean troubled;

        FailureLog(int loops) {
            this.loops = loops;
        }

        void failed(String loop, Throwable e) {
            String why = FailureReason.of(e);
            System.Logger.Level level = FailureReason.levelOf(e);
            String line;
            synchronized (this) {
                troubled = true;
                failing.put(loop, why);
                Reason reason = reasons.computeIfAbsent(why, key -> new Reason());
                reason.level = level;
                reason.rounds++;
                long now = System.nanoTime();
                if (reason.logged && now - reason.loggedAt < QUIET_NANOS) {
                    return;
                }
                line = line(why, reason, "");
                reason.logged = true;
                reason.loggedAt = now;
                reason.rounds = 0;
            }
            LOG.log(level, line);
        }

        /** A reason's line: the loops it fails now, and the rounds it failed since its last line. */
        private String line(String why, Reason reason, String note) {
            List<String> affected = failing.entrySet().stream().filter(entry -> entry.getValue().equals(why))
                    .map(Map.Entry::getKey).toList();
            return "worker rounds failed: " + why + " (" + affected.size() + " of " + loops + " loops: "
                    + String.join(", ", affected) + "; " + reason.rounds + " failed round(s) since the last"
                    + " such line" + note + ")";
        }

        /**
         * Tells, for each reason, the rounds it failed since its last line, as the workers stop: the line a minute
         * later, or the one saying that the rounds work again, would never come.
         */
        void tellPending() {
            List<Map.Entry<System.Logger.Level, String>> lines = new ArrayList<>();
            synchronized (this) {
                long now = System.nanoTime();
                reasons.forEach((why, reason) -> {
                    if (reason.rounds > 0) {
                        lines.add(Map.entry(reason.level, line(why, reason, ", told as the workers stop")));
                        reason.loggedAt = now;
                        reason.rounds = 0;
                    }
                });
            }
            lines.forEach(line -> LOG.log(line.getKey(), line.getValue()));
        }

        void succeeded(String loop) {
            if (!troubled) {
                return;
            }
            int untold;
            synchronized (this) {
                if (failing.remove(loop) == null || !failing.isEmpty()) {
                    return;
                }
                troubled = false;
                untold = reasons.values().stream().mapToInt(reason -> reason.rounds).sum();
                reasons.clear();
            }
            LOG.log(System.Logger.Level.INFO, "worker rounds work again (" + untold + " failed round(s) since the"
                    + " last warning)");
        }

        private static final class Reason {
            private System.Logger.Level level = System.Logger.Level.WARNING;
            private boolean logged;
            private long loggedAt;
            private int rounds;
        }
    }
}
