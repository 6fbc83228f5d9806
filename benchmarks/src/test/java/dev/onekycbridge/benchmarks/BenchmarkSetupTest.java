package dev.onekycbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.benchmarks.jmh.DecoderBenchmark;
import dev.onekycbridge.benchmarks.jmh.NikBenchmark;
import dev.onekycbridge.benchmarks.jmh.ValidationBenchmark;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.submission.PlatformReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each benchmark's setup works and each measured method does what its name says, once (no measuring here). */
class BenchmarkSetupTest {

    @Test
    void theDecoderBenchmarkDecodesBothPayloadsAndItsBaselineParsesThemToMaps() throws Exception {
        for (String payload : new String[] {"CERT_REG", "SIV"}) {
            DecoderBenchmark benchmark = new DecoderBenchmark();
            benchmark.payload = payload;
            benchmark.setUp();

            PlatformReport report = benchmark.decode();

            assertThat(report.platformSubmissionId()).isNotBlank();
            assertThat(benchmark.baselineMoshiToMap()).isInstanceOf(Map.class);
        }
    }

    @Test
    void theValidationBenchmarkValidatesAFullRegistration() throws Exception {
        ValidationBenchmark benchmark = new ValidationBenchmark();
        benchmark.imageBytes = 204_800;
        benchmark.setUp();

        assertThat(benchmark.validate().documents()).hasSize(2);
        assertThat(benchmark.baselineNoop()).isNotNull();
        assertThat(benchmark.referenceSha256()).hasSize(32);
    }

    @Test
    void theNikBenchmarkParsesAValidNikAndItsBaselineAcceptsIt() {
        NikBenchmark benchmark = new NikBenchmark();

        assertThat(benchmark.parse().value()).hasSize(16);
        assertThat(benchmark.baselineRegex()).isTrue();
    }

    @Test
    void uniqueCallbacksAreValidResultMessagesAboutDifferentSubmissions() {
        String first = Payloads.uniqueCertRegCallback();
        String second = Payloads.uniqueCertRegCallback();

        PlatformReport a = OneKycClient.messageDecoder().decode(CallbackChannel.ESIGN, first);
        PlatformReport b = OneKycClient.messageDecoder().decode(CallbackChannel.ESIGN, second);

        assertThat(a.platformSubmissionId()).isNotEqualTo(b.platformSubmissionId());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        Stats stats = Stats.of(nanos, 100);

        assertThat(stats.percentileMillis(50)).isEqualTo(50.0);
        assertThat(stats.percentileMillis(99)).isEqualTo(99.0);
        assertThat(stats.maxMillis()).isEqualTo(100.0);
    }
}
