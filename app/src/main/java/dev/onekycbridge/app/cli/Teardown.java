package dev.onekycbridge.app.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;

/**
 * What a command started and must stop however it ends: by returning, by an exception, or stopped by a signal
 * (Ctrl-C, SIGTERM). On a signal the JVM runs its shutdown hooks and ends without running the command's
 * {@code finally} blocks, so a service would stop mid-step, holding its claims, and a temporary folder would stay
 * behind with its database and the received images. The resources are closed once, the last added first.
 */
final class Teardown implements AutoCloseable {
    /**
     * How long a signal waits for a resource that is starting (a service: its database opened and migrated, its
     * server bound) before it tears down what was added before it.
     */
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    /** Volatile, so that {@link #ran} takes no lock: a resource closing may wait for the command's thread. */
    private volatile boolean done;
    private int starting;
    private volatile boolean signalled;

    private Teardown(String name) {
        this.hook = new Thread(() -> {
            signalled = true;
            awaitStarts();
            closeAll();
        }, name);
    }

    /** A teardown that a signal runs too. */
    static Teardown onExit(String name) {
        Teardown teardown = new Teardown(name);
        Runtime.getRuntime().addShutdownHook(teardown.hook);
        return teardown;
    }

    /**
     * Adds a resource to close at the end, and returns it.
     *
     * @throws IllegalStateException after the teardown has run (a signal came while the resource was starting),
     *         having closed the resource
     */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (done) {
            closeQuietly(resource);
            throw new IllegalStateException("stopping");
        }
        resources.push(resource);
        return resource;
    }

    /**
     * Starts a resource and adds it, as {@link #add} does. A signal that comes meanwhile waits for the start to end
     * (up to half a minute) before it tears down: else it would delete the folder the resource is starting in (the
     * service's database file) and the JVM would end before the resource was added, leaving what it had written
     * since behind.
     *
     * @throws IllegalStateException once a signal has come (nothing is started then), as {@link #add} does, and
     *         whatever the start throws
     */
    <T extends AutoCloseable> T start(Callable<T> start) throws Exception {
        synchronized (this) {
            if (ran()) {
                throw new IllegalStateException("stopping");
            }
            starting++;
        }
        try {
            return add(start.call());
        } finally {
            synchronized (this) {
                starting--;
                notifyAll();
            }
        }
    }

    /**
     * Whether the teardown has run, or a signal's is running: a command stopped by a signal then finds what it
     * started closed under it, and ends quietly; the process ends with the signal's exit code whatever it returns.
     */
    boolean ran() {
        return signalled || done;
    }

    private synchronized void awaitStarts() {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        try {
            for (long left = START_WAIT.toMillis(); starting > 0 && left > 0;
                 left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes everything now, unless a signal's hook already has (then it waits until the hook is done). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs, or has run, and closing twice is nothing.
        }
        closeAll();
    }

    private synchronized void closeAll() {
        done = true;
        while (!resources.isEmpty()) {
            closeQuietly(resources.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // The others must still be closed; what failed to close ends with the process.
        }
    }
}
