package dev.onekycbridge.adapter.onekyc.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each fuzz case on a daemon thread with a time limit, so that an input that makes the code under test hang
 * is reported as a failure of that case instead of stopping the build. A thread that does not finish is
 * abandoned and a new one takes its place.
 */
final class Watchdog implements AutoCloseable {
    /** How one case ended. */
    sealed interface Outcome {
        record Returned(Object value) implements Outcome {
        }

        record Threw(Throwable error) implements Outcome {
        }

        record TimedOut(Duration limit) implements Outcome {
        }
    }

    private final Duration limit;
    private ExecutorService executor = newExecutor();

    Watchdog(Duration limit) {
        this.limit = limit;
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            // A deep stack, so that a recursion limit of the code under test shows, not one of this thread.
            Thread thread = new Thread(null, runnable, "fuzz-case", 0);
            thread.setDaemon(true);
            return thread;
        });
    }

    Outcome run(Callable<?> task) {
        Future<?> future = executor.submit(task);
        try {
            return new Outcome.Returned(future.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return new Outcome.Threw(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            executor.shutdownNow();
            executor = newExecutor();
            return new Outcome.TimedOut(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
