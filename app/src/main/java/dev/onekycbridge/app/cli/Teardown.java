package dev.onekycbridge.app.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command started and must stop however it ends: by returning, by an exception, or stopped by a signal
 * (Ctrl-C, SIGTERM). On a signal the JVM runs its shutdown hooks and ends without running the command's
 * {@code finally} blocks, so a service would stop mid-step, holding its claims, and a temporary folder would stay
 * behind with its database and the received images. The resources are closed once, the last added first.
 */
final class Teardown implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    private boolean done;

    private Teardown(String name) {
        this.hook = new Thread(this::closeAll, name);
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
     * Whether the teardown has run (or is running): a command stopped by a signal then finds what it started
     * closed under it, and ends quietly; the process ends with the signal's exit code whatever it returns.
     */
    synchronized boolean ran() {
        return done;
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
