package dev.onekycbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.benchmarks.report.JmhReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhReportTest {
    private static final String RESULTS = """
            [
              {"benchmark": "x.C.seal", "mode": "thrpt", "params": {"size": "1"},
               "primaryMetric": {"score": 50.0, "scoreError": 1.0, "scoreUnit": "ops/s"}},
              {"benchmark": "x.C.baselineSeal", "mode": "thrpt", "params": {"size": "1"},
               "primaryMetric": {"score": 200.0, "scoreError": 2.0, "scoreUnit": "ops/s"}},
              {"benchmark": "x.C.open", "mode": "thrpt", "params": {"size": "1"},
               "primaryMetric": {"score": 0.1, "scoreError": "NaN", "scoreUnit": "ops/ms"}},
              {"benchmark": "x.C.baselineOpen", "mode": "thrpt", "params": {"size": "1"},
               "primaryMetric": {"score": 400.0, "scoreError": 2.0, "scoreUnit": "ops/s"}},
              {"benchmark": "x.D.parse", "mode": "thrpt",
               "primaryMetric": {"score": 10.0, "scoreError": 0.0, "scoreUnit": "ops/s"}},
              {"benchmark": "x.D.baselineRegex", "mode": "thrpt",
               "primaryMetric": {"score": 40.0, "scoreError": 0.0, "scoreUnit": "ops/s"}}
            ]
            """;

    @Test
    void eachTargetIsPairedWithItsOwnBaselineOrTheClassesOnlyOne() throws Exception {
        List<JmhReport.Row> rows = JmhReport.rows(JmhReport.read(RESULTS));

        assertThat(rows).extracting(r -> r.target().method() + "/" + r.baseline().method())
                .containsExactly("seal/baselineSeal", "open/baselineOpen", "parse/baselineRegex");
        assertThat(rows).extracting(JmhReport.Row::ratio).containsExactly(0.25, 0.25, 0.25);
    }
}
