package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.benchmarks.Stats;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * One measured batch of registrations on one side of the pipeline benchmark.
 *
 * @param seconds from the first request to the last registration confirmed
 * @param latencies submit → confirmed of each registration that was, in nanoseconds
 * @param acceptSeconds when the partner API had answered every request; NaN for the direct calls (no partner API)
 * @param cpuSeconds CPU time of the whole JVM (sandbox and clients included) over the batch
 * @param jitMillis time the JIT compilers spent compiling over the batch, elapsed and summed over their threads (so
 *     more than their CPU when they wait for a core): the warm-up's tail, which the rounds of one JVM
 *     never fully escape, since each side's round changes the type profiles of code the other side shares
 */
record Batch(String label, int registrations, int failed, double seconds, long[] latencies, double acceptSeconds,
             double cpuSeconds, long jitMillis) {
    Stats latency() {
        return Stats.of(latencies, latencies.length);
    }

    /** Several batches of one side as one: counts and times added, latencies pooled. */
    static Batch merge(String label, List<Batch> batches) {
        int registrations = 0;
        int failed = 0;
        double seconds = 0;
        double accept = 0;
        double cpu = 0;
        long jit = 0;
        LongStream.Builder latencies = LongStream.builder();
        for (Batch b : batches) {
            registrations += b.registrations();
            failed += b.failed();
            seconds += b.seconds();
            accept += b.acceptSeconds();
            cpu += b.cpuSeconds();
            jit += b.jitMillis();
            Arrays.stream(b.latencies()).forEach(latencies::add);
        }
        return new Batch(label, registrations, failed, seconds, latencies.build().toArray(), accept, cpu, jit);
    }

    double perSecond() {
        return registrations / seconds;
    }

    /** The whole JVM's CPU time per registration confirmed, in milliseconds. */
    double cpuMillisPerRegistration() {
        return cpuSeconds * 1000 / registrations;
    }

    /** The JIT compilers' elapsed time per registration confirmed, in milliseconds. */
    double jitMillisPerRegistration() {
        return (double) jitMillis / registrations;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s: %d registrations confirmed (%d failed) in %.2f s = %.1f/s%s; "
                + "submit→confirmed %s; CPU %.1f ms per registration; JIT compiling %.1f ms per registration "
                + "(elapsed)", label, registrations, failed, seconds, perSecond(),
                Double.isNaN(acceptSeconds) ? "" : String.format(Locale.ROOT,
                        " (all %d accepted by the partner API after %.2f s)", registrations + failed,
                        acceptSeconds), latency().describe(), cpuMillisPerRegistration(),
                jitMillisPerRegistration());
    }
}
