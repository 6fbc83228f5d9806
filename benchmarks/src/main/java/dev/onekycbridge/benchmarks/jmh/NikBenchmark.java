package dev.onekycbridge.benchmarks.jmh;

import dev.onekycbridge.core.identity.Nik;
import dev.onekycbridge.core.testing.TestData;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link Nik#parse} (digits, province, regency, birth date, serial) beside a check of the shape alone. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NikBenchmark {
    private static final Pattern SIXTEEN_DIGITS = Pattern.compile("\\d{16}");

    /** Not final and with surrounding space, as a form field arrives: nothing is folded at compile time. */
    public String text = " " + TestData.NIK + " ";

    @Benchmark
    public Nik parse() {
        return Nik.parse(text);
    }

    @Benchmark
    public boolean baselineRegex() {
        return SIXTEEN_DIGITS.matcher(text.strip()).matches();
    }
}
