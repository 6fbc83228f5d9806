package dev.onekycbridge.benchmarks.pipeline;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * How long one side warms up: at least {@code minSeconds}, then on while the JIT still compiles much, at most
 * three times as long. A fixed time was not enough for the service: in its measured rounds C2 still took
 * 2–4 ms of CPU per registration compiling code the warm-up had not yet got to (the relay's, the sandbox's and
 * the service's code share the compiler threads of one JVM), so the rounds measured the warm-up's tail.
 */
final class WarmUp {
    /** A batch during which the JIT compiled for less than this share of its wall time counts as settled. */
    static final double SETTLED_SHARE = 0.02;

    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final long start = System.nanoTime();
    private final long minEnd;
    private final long maxEnd;
    private long batchStart = start;
    private long compiledAtBatchStart = compiledMillis();
    private boolean settled;

    WarmUp(int minSeconds) {
        this.minEnd = start + TimeUnit.SECONDS.toNanos(minSeconds);
        this.maxEnd = start + TimeUnit.SECONDS.toNanos(3L * minSeconds);
    }

    /** Called after each warm-up batch: whether another one is due. */
    boolean goesOn() {
        long now = System.nanoTime();
        long compiled = compiledMillis();
        double share = (compiled - compiledAtBatchStart) / (double) TimeUnit.NANOSECONDS.toMillis(now - batchStart + 1);
        batchStart = now;
        compiledAtBatchStart = compiled;
        settled = share < SETTLED_SHARE;
        return now < minEnd || (!settled && now < maxEnd);
    }

    /** For the log: how long it took, and whether the JIT had settled or the time ran out. */
    String describe() {
        return String.format(java.util.Locale.ROOT, "warm-up %.0f s, %s", (System.nanoTime() - start) / 1e9,
                settled ? "JIT settled" : "JIT still compiling when the time ran out");
    }

    private long compiledMillis() {
        return jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
