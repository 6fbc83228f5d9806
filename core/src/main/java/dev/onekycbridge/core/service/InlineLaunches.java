package dev.onekycbridge.core.service;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where a start request's launch of an identity verification runs, and how long the request waits for it. A
 * platform call may take over a minute and is tried up to three times: a request that waited the launch out held
 * its caller's thread (a partner API worker) for minutes, and in a platform brown-out a few dozen such starts held
 * every worker, queueing every other request behind them. Bounded, the launch runs on a thread of its own and the
 * request waits for it at most {@code wait}: past that it is answered with the submission as stored (CREATED, no
 * launch yet, as when the platform cannot be reached) while the launch goes on under its lease, and the launch
 * appears on the submission. A launch that fails after the request stopped waiting leaves the submission CREATED,
 * for the driver, as one that could not reach the platform does. With every launch thread busy, the request does not
 * launch at all: the driver launches the submission once the launch grace is over.
 */
public final class InlineLaunches implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InlineLaunches.class.getName());
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Null: each launch runs on its caller, waited for however long it takes. */
    private final ThreadPoolExecutor threads;
    private final Duration wait;

    private InlineLaunches(ThreadPoolExecutor threads, Duration wait) {
        this.threads = threads;
        this.wait = wait;
    }

    /** Each launch on its caller's thread, waited for to its end: for a caller that has threads to spare. */
    public static InlineLaunches onTheCaller() {
        return new InlineLaunches(null, null);
    }

    /**
     * At most {@code threads} launches at once, each waited for at most {@code wait}. The threads are daemons,
     * started as launches come and ended once idle.
     */
    public static InlineLaunches bounded(int threads, Duration wait) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("wait must be positive");
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable,
                            "onekyc-bridge-launch-" + pool + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return new InlineLaunches(executor, wait);
    }

    /**
     * Runs the launch of submission {@code id} and waits for it within the bound.
     *
     * @return the launched submission, or empty when the launch did not end within the wait (it goes on) or found
     *     no thread free (it was not begun)
     * @throws RuntimeException what the launch threw, if it ended so within the wait
     */
    Optional<Submission> run(SubmissionId id, Supplier<Submission> launch) {
        if (threads == null) {
            return Optional.of(launch.get());
        }
        Future<Submission> running;
        try {
            running = threads.submit(() -> launchedAlone(id, launch));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.INFO, "identity verification {0} is left to the driver: every launch thread is busy", id);
            return Optional.empty();
        }
        try {
            return Optional.of(running.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            LOG.log(Level.INFO, "identity verification {0} is answered before its launch ended; the launch goes on",
                    id);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Submission launchedAlone(SubmissionId id, Supplier<Submission> launch) {
        try {
            return launch.get();
        } catch (RuntimeException e) {
            // Told to the request if it still waits; the submission is the driver's to launch again if not.
            LOG.log(Level.DEBUG, "the launch of identity verification {0} failed: {1}", id,
                    e.getClass().getSimpleName());
            throw e;
        }
    }

    /**
     * Takes no more launches and waits up to {@code grace} for those running; if some still run then,
     * {@code cutOff} is called (e.g. closing the platform client, which ends their calls) and they are waited for as
     * long again, so that they save what they learnt and release their leases before the store closes. Only those
     * still running after that are interrupted: an interrupted launch cannot save or release (waiting for the
     * store's writer ends at once), and its lease would hold the submission until it runs out.
     */
    public void stop(Duration grace, Runnable cutOff) {
        if (threads == null) {
            return;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                cutOff.run();
                if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    threads.shutdownNow();
                    threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10), () -> { });
    }
}
