package dev.onekycbridge.core.service;

import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells the log of a result the platform reported that the bridge does not know (neither VALID nor a rejection).
 * The submission takes it as the platform sent it, COMPLETED being final whatever its result; nobody would learn
 * of a value the platform added without a line here, and an operator must decide what such a verdict means.
 */
final class UnknownResults {
    private static final System.Logger LOG = System.getLogger(UnknownResults.class.getName());

    private UnknownResults() {
    }

    /**
     * Logs at WARNING when {@code after}, saved in place of {@code before}, holds an unknown result it did not hold
     * with the same status before. The values are named by {@link Outcome#verdict}: a value that is no code is
     * withheld.
     */
    static void warnOf(Submission before, Submission after) {
        Optional<Outcome> outcome = after.outcome();
        Result result = outcome.map(Outcome::result).orElse(null);
        if (result == null || result.isRecognised() || before.outcome()
                .filter(held -> held.status().equals(outcome.get().status())
                        && Objects.equals(held.result(), result)).isPresent()) {
            return;
        }
        LOG.log(Level.WARNING, "submission " + after.id() + " (" + after.flow() + ") is " + after.status()
                + " with a result the bridge does not know: " + outcome.get().verdict()
                + "; an operator must decide what it means");
    }
}
