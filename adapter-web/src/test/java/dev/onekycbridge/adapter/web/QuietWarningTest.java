package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class QuietWarningTest {
    private static final System.Logger LOG = System.getLogger(QuietWarningTest.class.getName());

    private final AtomicLong nanos = new AtomicLong(42);
    /** The closing lines asked for, each at the time it is due. */
    private final List<Runnable> closings = new ArrayList<>();
    private final List<Long> closingsDueAt = new ArrayList<>();
    private final QuietWarning warning = new QuietWarning(LOG, nanos::get, (delay, task) -> {
        closings.add(task);
        closingsDueAt.add(nanos.get() + delay.toNanos());
    });

    @Test
    void theFirstTimeIsLoggedAtOnceAndTheRestOfTheMinuteOnlyCounted() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            for (int i = 0; i < 5; i++) {
                warning.happened(count -> "happened " + count + " times");
                nanos.addAndGet(QuietWarning.QUIET.toNanos() / 10);
            }

            assertThat(logs.at(Level.WARNING)).containsExactly("happened 1 times");
        }
    }

    @Test
    void aMinuteLaterTheNextTimeIsLoggedWithHowManyTimesSinceTheLastLine() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            warning.happened(count -> "happened " + count + " times");
            for (int i = 0; i < 3; i++) {
                nanos.addAndGet(QuietWarning.QUIET.toNanos() / 3 - 1);
                warning.happened(count -> "happened " + count + " times");
            }
            nanos.addAndGet(3);
            warning.happened(count -> "happened " + count + " times");

            assertThat(logs.at(Level.WARNING)).containsExactly("happened 1 times", "happened 4 times");
        }
    }

    /** A burst that ends within its quiet minute is told whole then, not folded into the next burst's line. */
    @Test
    void theTimesCountedInTheQuietMinuteAreToldWhenItEndsByTheLatestLine() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            for (int i = 1; i <= 5; i++) {
                int n = i;
                warning.happened(count -> "burst, occurrence " + n + ", " + count + " times");
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            assertThat(closings).as("one closing line asked for").hasSize(1);
            assertThat(closingsDueAt.get(0)).isEqualTo(42 + QuietWarning.QUIET.toNanos());

            nanos.set(closingsDueAt.get(0));
            closings.get(0).run();
            nanos.addAndGet(Duration.ofSeconds(70).toNanos());
            warning.happened(count -> "next burst, " + count + " times");

            assertThat(logs.at(Level.WARNING)).containsExactly("burst, occurrence 1, 1 times",
                    "burst, occurrence 5, 4 times", "next burst, 1 times");
        }
    }

    @Test
    void nothingCountedSinceTheLastLineLeavesTheEndOfTheMinuteSilent() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            warning.happened(count -> "happened " + count + " times");
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            warning.happened(count -> "happened " + count + " times");
            nanos.addAndGet(QuietWarning.QUIET.toNanos());
            warning.happened(count -> "happened " + count + " times");
            closings.get(0).run();

            assertThat(logs.at(Level.WARNING)).containsExactly("happened 1 times", "happened 2 times");
        }
    }

    @Test
    void whatIsCountedButNotYetToldIsToldAtOnceWhenItsServerClosesAndNotAgainAtTheEndOfTheMinute() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            for (int i = 1; i <= 3; i++) {
                int n = i;
                warning.happened(count -> "occurrence " + n + ", " + count + " times");
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            }

            warning.tellPending();
            warning.tellPending();
            assertThat(logs.at(Level.WARNING)).containsExactly("occurrence 1, 1 times", "occurrence 3, 2 times");

            nanos.set(closingsDueAt.get(0));
            closings.get(0).run();
            assertThat(logs.at(Level.WARNING)).containsExactly("occurrence 1, 1 times", "occurrence 3, 2 times");
        }
    }

    @Test
    void withNothingCountedSinceTheLastLineTheCloseTellsNothing() {
        try (CapturedLogs logs = CapturedLogs.of(QuietWarningTest.class)) {
            warning.tellPending();
            warning.happened(count -> "happened " + count + " times");
            warning.tellPending();

            assertThat(logs.at(Level.WARNING)).containsExactly("happened 1 times");
        }
    }
}
