package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataCipherBenchmarkTest {

    @Test
    void theAdaptersCipherAndTheBaselineBothRoundTripAtBothSizes() throws Exception {
        for (int size : new int[] {1024, 204_800}) {
            DataCipherBenchmark benchmark = new DataCipherBenchmark();
            benchmark.plaintextBytes = size;
            benchmark.setUp();

            assertThat(benchmark.open()).hasSize(size);
            assertThat(benchmark.seal().bytes()).hasSize(1 + 12 + size + 16);
            assertThat(benchmark.baselineSeal()).hasSize(size + 16);
            assertThat(benchmark.baselineOpen()).hasSize(size);
        }
    }
}
