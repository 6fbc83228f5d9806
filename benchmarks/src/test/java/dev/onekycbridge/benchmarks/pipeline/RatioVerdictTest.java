package dev.onekycbridge.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatioVerdictTest {

    @Test
    void withNothingFailedTheRatioDecides() {
        assertThat(new RatioVerdict(0.8, 0.7, 0, 0).text()).isEqualTo("met");
        assertThat(new RatioVerdict(0.7, 0.7, 0, 0).text()).isEqualTo("met");
        assertThat(new RatioVerdict(0.6, 0.7, 0, 0).text()).isEqualTo("MISSED");
    }

    @Test
    void aFailedRegistrationOnEitherSideMakesItInvalidWhateverTheRatio() {
        assertThat(new RatioVerdict(1.2, 0.7, 0, 3).text())
                .isEqualTo("INVALID (3 registrations failed through the service, 0 through the relay)");
        assertThat(new RatioVerdict(1.2, 0.7, 2, 0).text())
                .isEqualTo("INVALID (0 registrations failed through the service, 2 through the relay)");
        assertThat(new RatioVerdict(0.5, 0.7, 1, 1).text()).startsWith("INVALID");
    }
}
