package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.CapturedLogs;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class QuietWarningTest {
    private static final System.Logger LOG = System.getLogger(QuietWarningTest.class.getName());

    private final AtomicLong nanos = new AtomicLong(42);
    private final QuietWarning warning = new QuietWarning(LOG, nanos::get);

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
}
