package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Requests held inside a worker pool of the server until {@link #close}: a pool filled, for a test. */
final class HeldWorkers implements AutoCloseable {
    private final ExecutorService senders;
    private final AtomicInteger waiting;
    private final CountDownLatch release;

    private HeldWorkers(ExecutorService senders, AtomicInteger waiting, CountDownLatch release) {
        this.senders = senders;
        this.waiting = waiting;
        this.release = release;
    }

    /** Sends {@code requests} of {@code request} and returns once {@code workers} of them wait on {@code release}. */
    static HeldWorkers hold(int requests, Runnable request, AtomicInteger waiting, int workers,
                            CountDownLatch release) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(requests);
        HeldWorkers held = new HeldWorkers(senders, waiting, release);
        for (int i = 0; i < requests; i++) {
            senders.submit(request);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.get() < workers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(waiting.get()).as("requests holding the %d workers", workers).isEqualTo(workers);
        return held;
    }

    /** How many requests wait in a worker now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
    }
}
