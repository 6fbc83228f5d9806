package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void theCeilingStartsAtTheBaseAndDoublesWithEachAttempt() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMillis(6_400));
    }

    @Test
    void theCeilingStopsAtTheCap() {
        assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theCeilingNeverDecreasesAndNeverExceedsTheCap() {
        Duration previous = Duration.ZERO;
        for (int attempt = 0; attempt <= 200; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);

            assertThat(ceiling).as("attempt %d", attempt).isGreaterThanOrEqualTo(previous)
                    .isLessThanOrEqualTo(Duration.ofSeconds(10));
            previous = ceiling;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 62, 63, 64, 100, 1_000_000, Integer.MAX_VALUE})
    void hugeAttemptsStayAtTheCapWithoutOverflowing(int attempt) {
        assertThat(backoff.ceiling(attempt)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aLargeBaseDoesNotOverflowWhenShifted() {
        var large = new Backoff(Duration.ofDays(365), Duration.ofDays(365 * 1000));

        assertThat(large.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365 * 1000));
        assertThat(large.ceiling(5)).isEqualTo(Duration.ofDays(365 * 32));
        assertThat(large.ceiling(Integer.MAX_VALUE)).isPositive();
    }

    @Test
    void aBaseBeyondWhatShiftingCanHoldIsCappedNotWrapped() {
        var huge = new Backoff(Duration.ofMillis(Long.MAX_VALUE / 4), Duration.ofMillis(Long.MAX_VALUE / 2));

        assertThat(huge.ceiling(30)).isEqualTo(Duration.ofMillis(Long.MAX_VALUE / 2));
        assertThat(huge.delay(30, new SplittableRandom(1))).isBetween(Duration.ZERO,
                Duration.ofMillis(Long.MAX_VALUE / 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -100, Integer.MIN_VALUE})
    void aNegativeAttemptCountsAsTheFirst(int attempt) {
        assertThat(backoff.ceiling(attempt)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aCapEqualToTheBaseGivesAConstantCeiling() {
        var constant = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(constant.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(constant.ceiling(10)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theDelayIsAlwaysWithinZeroAndTheCeiling() {
        for (long seed = 0; seed < 20; seed++) {
            RandomGenerator random = new SplittableRandom(seed);
            for (int attempt = -2; attempt < 40; attempt++) {
                Duration ceiling = backoff.ceiling(attempt);
                for (int draw = 0; draw < 100; draw++) {
                    assertThat(backoff.delay(attempt, random))
                            .as("seed %d, attempt %d", seed, attempt)
                            .isBetween(Duration.ZERO, ceiling);
                }
            }
        }
    }

    @Test
    void theDelayIsSpreadOverTheWholeRange() {
        RandomGenerator random = new Random(42);
        long ceiling = backoff.ceiling(3).toMillis();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            long delay = backoff.delay(3, random).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            sum += delay;
        }

        assertThat(min).isLessThan(ceiling / 20);
        assertThat(max).isGreaterThan(ceiling - ceiling / 20);
        assertThat((double) sum / draws).isCloseTo(ceiling / 2.0, offset(ceiling * 0.05));
    }

    @Test
    void theCeilingItselfCanBeDrawn() {
        var tiny = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1));
        RandomGenerator random = new SplittableRandom(7);
        boolean sawZero = false;
        boolean sawCeiling = false;
        for (int i = 0; i < 200; i++) {
            long delay = tiny.delay(0, random).toMillis();
            sawZero |= delay == 0;
            sawCeiling |= delay == 1;
        }

        assertThat(sawZero).isTrue();
        assertThat(sawCeiling).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        RandomGenerator first = new SplittableRandom(99);
        RandomGenerator second = new SplittableRandom(99);

        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(backoff.delay(attempt, first)).isEqualTo(backoff.delay(attempt, second));
        }
    }

    @Test
    void theBaseMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)));
    }

    @Test
    void theCapMustNotBeBelowTheBase() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void bothDurationsAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> new Backoff(null, Duration.ofSeconds(1)));
        assertThatNullPointerException().isThrownBy(() -> new Backoff(Duration.ofSeconds(1), null));
    }

    @Test
    void anEffectivelyUnboundedCapStillGivesCeilingsAndDelays() {
        var uncapped = new Backoff(Duration.ofSeconds(1), ChronoUnit.FOREVER.getDuration());

        assertThat(uncapped.ceiling(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(uncapped.delay(3, new SplittableRandom(1))).isBetween(Duration.ZERO, Duration.ofSeconds(8));
    }

    @Test
    void aCeilingOfTheLargestRepresentableDurationStillGivesADelay() {
        var extreme = new Backoff(Duration.ofMillis(Long.MAX_VALUE), Duration.ofMillis(Long.MAX_VALUE));

        assertThat(extreme.delay(0, new SplittableRandom(1))).isBetween(Duration.ZERO,
                Duration.ofMillis(Long.MAX_VALUE));
    }

    @Test
    void aSubMillisecondBaseIsRefusedRatherThanSilentlyBecomingZero() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofNanos(500_000), Duration.ofSeconds(10)));
    }
}
