package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class YieldToArrivalsTest {
    @Test
    void theCallbackWorkerRestsThreeTimesItsRoundWhenCallbacksArrivedDuringIt() {
        assertThat(YieldToArrivals.CALLBACK_WORKER.restNanos(4_000_000, true)).isEqualTo(12_000_000);
    }

    @Test
    void noArrivalDuringTheRoundMeansNoRest() {
        assertThat(YieldToArrivals.CALLBACK_WORKER.restNanos(4_000_000, false)).isZero();
    }

    @Test
    void loopsThatNeverYieldNeverRest() {
        assertThat(YieldToArrivals.NEVER.restNanos(4_000_000, true)).isZero();
    }

    @Test
    void aClockThatWentBackwardsGivesNoRestRatherThanANegativeOne() {
        assertThat(YieldToArrivals.CALLBACK_WORKER.restNanos(-5, true)).isZero();
    }

    @Test
    void aLongRoundWaitedRatherThanWorkedAndGetsNoMoreThanTheLongestRest() {
        assertThat(YieldToArrivals.CALLBACK_WORKER.restNanos(Duration.ofSeconds(10).toNanos(), true))
                .isEqualTo(YieldToArrivals.LONGEST_REST.toNanos());
        assertThat(YieldToArrivals.CALLBACK_WORKER.restNanos(Duration.ofMillis(40).toNanos(), true))
                .isEqualTo(YieldToArrivals.LONGEST_REST.toNanos());
    }

    @Test
    void aNegativeShareIsRefused() {
        assertThatThrownBy(() -> new YieldToArrivals(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restPerWork");
    }
}
