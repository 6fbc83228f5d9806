package dev.onekycbridge.benchmarks.report;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads JMH's JSON results and prints each benchmark beside its baseline from the same run.
 *
 * <p>In each benchmark class, a method {@code baselineX} is the baseline of method {@code x}; otherwise the
 * class's only {@code baseline…} method is the baseline of every other method. Scores are throughputs, so the
 * ratio {@code target ÷ baseline} is 1.0 when the target is as fast as its baseline and 0.5 when half as fast;
 * "added µs/op" is the difference of their times per operation.
 *
 * <p>Usage: {@code JmhReport --json results.json [--markdown out.md]}
 */
public final class JmhReport {
    /** One measured benchmark: class, method, parameters, ops/s and its 99.9% error. */
    public record Score(String benchmarkClass, String method, Map<String, String> params, double opsPerSecond,
                        double error) {
        String paramText() {
            if (params.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            params.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(", ", parts);
        }

        boolean isBaseline() {
            return method.startsWith("baseline");
        }
    }

    /** A row of the report: a target, its baseline (if any) and the ratio of their throughputs. */
    public record Row(Score target, Score baseline) {
        public double ratio() {
            return baseline == null ? Double.NaN : target.opsPerSecond() / baseline.opsPerSecond();
        }
    }

    private JmhReport() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv);
        List<Score> scores = read(Files.readString(Path.of(args.require("json"))));
        Results out = Results.from(args);
        out.line("| benchmark | params | ops/s (± 99.9% error) | µs/op | baseline | baseline µs/op "
                + "| ratio (target ÷ baseline throughput) | added µs/op |");
        out.line("|---|---|---:|---:|---|---:|---:|---:|");
        for (Row row : rows(scores)) {
            Score t = row.target();
            Score b = row.baseline();
            out.line(String.format(Locale.ROOT, "| %s.%s | %s | %s ± %s | %s | %s | %s | %s | %s |",
                    shortName(t.benchmarkClass()), t.method(), t.paramText(), number(t.opsPerSecond()),
                    number(t.error()), micros(t.opsPerSecond()), b == null ? "—" : b.method(),
                    b == null ? "—" : micros(b.opsPerSecond()),
                    b == null ? "—" : ratio(row.ratio()),
                    b == null ? "—" : String.format(Locale.ROOT, "%+.3f",
                            1e6 / t.opsPerSecond() - 1e6 / b.opsPerSecond())));
        }
    }

    static String ratio(double ratio) {
        return ratio >= 0.01 ? String.format(Locale.ROOT, "%.3f", ratio)
                : String.format(Locale.ROOT, "%.2e", ratio);
    }

    private static String micros(double opsPerSecond) {
        double micros = 1e6 / opsPerSecond;
        return micros >= 0.1 ? String.format(Locale.ROOT, "%.3f", micros)
                : String.format(Locale.ROOT, "%.5f", micros);
    }

    @SuppressWarnings("unchecked")
    public static List<Score> read(String json) throws IOException {
        JsonAdapter<List<Map<String, Object>>> adapter = new Moshi.Builder().build()
                .adapter(Types.newParameterizedType(List.class, Map.class));
        List<Score> scores = new ArrayList<>();
        for (Map<String, Object> entry : adapter.fromJson(json)) {
            String benchmark = (String) entry.get("benchmark");
            int dot = benchmark.lastIndexOf('.');
            Map<String, String> params = new TreeMap<>();
            Object rawParams = entry.get("params");
            if (rawParams instanceof Map<?, ?> map) {
                map.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, Object> metric = (Map<String, Object>) entry.get("primaryMetric");
            double score = ((Number) metric.get("score")).doubleValue();
            Object errorValue = metric.get("scoreError");
            double error = errorValue instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
            String unit = String.valueOf(metric.get("scoreUnit"));
            double perSecond = toPerSecond(unit);
            scores.add(new Score(benchmark.substring(0, dot), benchmark.substring(dot + 1), params,
                    score * perSecond, error * perSecond));
        }
        return scores;
    }

    /** Every non-baseline score with its baseline: same class, same parameters. */
    public static List<Row> rows(List<Score> scores) {
        List<Row> rows = new ArrayList<>();
        for (Score target : scores) {
            if (target.isBaseline()) {
                continue;
            }
            rows.add(new Row(target, baselineOf(target, scores).orElse(null)));
        }
        return rows;
    }

    private static Optional<Score> baselineOf(Score target, List<Score> scores) {
        Map<String, Score> baselines = new LinkedHashMap<>();
        for (Score s : scores) {
            if (s.isBaseline() && s.benchmarkClass().equals(target.benchmarkClass())
                    && s.params().equals(target.params())) {
                baselines.put(s.method(), s);
            }
        }
        String own = "baseline" + Character.toUpperCase(target.method().charAt(0)) + target.method().substring(1);
        if (baselines.containsKey(own)) {
            return Optional.of(baselines.get(own));
        }
        return baselines.size() == 1 ? Optional.of(baselines.values().iterator().next()) : Optional.empty();
    }

    private static double toPerSecond(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> throw new IllegalArgumentException("expected a throughput unit, got " + unit);
        };
    }

    private static String shortName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
