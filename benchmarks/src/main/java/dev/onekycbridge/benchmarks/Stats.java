package dev.onekycbridge.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of durations in nanoseconds (nearest rank, on a sorted copy). */
public final class Stats {
    private final long[] sorted;

    private Stats(long[] sorted) {
        this.sorted = sorted;
    }

    public static Stats of(long[] nanos, int count) {
        long[] copy = Arrays.copyOf(nanos, count);
        Arrays.sort(copy);
        return new Stats(copy);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds; NaN when empty. */
    public double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        int index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
        return sorted[index] / 1e6;
    }

    public double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    public String describe() {
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9), maxMillis());
    }
}
