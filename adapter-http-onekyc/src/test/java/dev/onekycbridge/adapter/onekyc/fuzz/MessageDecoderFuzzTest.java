package dev.onekycbridge.adapter.onekyc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.testing.fuzz.FuzzSettings;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The callback decoder under mutated platform messages: for any input it returns a report or throws
 * {@link MalformedMessageException}, never anything else, never hangs, and its messages never repeat what
 * looks like personal data from the input. Iterations: {@code -Dfuzz.iterations} (10,000 by default).
 */
class MessageDecoderFuzzTest {
    private static final CallbackChannel[] CHANNELS = CallbackChannel.values();
    private static final Duration CASE_LIMIT = Duration.ofSeconds(5);

    private final MessageDecoder decoder = OneKycClient.messageDecoder();

    @Test
    void everyMutatedMessageIsAReportOrAMalformedMessageAndNoErrorRepeatsPersonalData() {
        int iterations = FuzzSettings.iterations();
        JsonMutator mutator = new JsonMutator(FuzzSettings.seed(), PlatformMessages.ALL);
        List<String> failures = new ArrayList<>();
        int run = 0;
        int reports = 0;
        int malformed = 0;
        long slowestNanos = 0;
        String slowest = null;
        long started = System.nanoTime();
        try (Watchdog watchdog = new Watchdog(CASE_LIMIT)) {
            for (int i = 0; i < iterations && failures.size() < 20; i++, run++) {
                JsonMutator.Case input = mutator.next(i);
                CallbackChannel channel = CHANNELS[i % CHANNELS.length];
                String text = input.text();
                long before = System.nanoTime();
                Watchdog.Outcome outcome = watchdog.run(() -> decoder.decode(channel, text));
                long took = System.nanoTime() - before;
                if (took > slowestNanos) {
                    slowestNanos = took;
                    slowest = input.describe();
                }
                if (outcome instanceof Watchdog.Outcome.Returned returned) {
                    if (!(returned.value() instanceof PlatformReport report) || report.outcome() == null) {
                        failures.add(input.describe() + "\n  returned " + returned.value());
                    } else {
                        reports++;
                    }
                } else if (outcome instanceof Watchdog.Outcome.Threw threw
                        && threw.error() instanceof MalformedMessageException e) {
                    malformed++;
                    for (String message : PersonalDataCheck.messages(e)) {
                        List<String> leaks = PersonalDataCheck.leaks(message, text);
                        if (!leaks.isEmpty()) {
                            failures.add(input.describe() + "\n  the message repeats " + leaks + ": " + message);
                        }
                    }
                } else if (outcome instanceof Watchdog.Outcome.Threw threw) {
                    failures.add(input.describe() + "\n  threw " + stack(threw.error()));
                } else {
                    failures.add(input.describe() + "\n  did not finish in " + CASE_LIMIT);
                }
            }
        }
        FuzzSettings.report(String.format("decoder fuzz: %d cases in %d ms: %d reports, %d malformed, %d failures;"
                        + " slowest %d ms: %s", run, (System.nanoTime() - started) / 1_000_000, reports,
                malformed, failures.size(), slowestNanos / 1_000_000,
                slowest == null ? "-" : slowest.substring(0, Math.min(200, slowest.length()))));

        assertThat(failures).as("inputs the decoder mishandled").isEmpty();
        assertThat(reports).as("cases read as reports").isPositive();
        assertThat(malformed).as("cases refused as malformed").isPositive();
    }

    @Test
    void theSeedsThemselvesAreReadAsReportsOrRefusedAsNotReports() {
        for (String seed : PlatformMessages.ALL) {
            boolean envelope = seed.contains("\"errors\"");
            if (envelope) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(CallbackChannel.ESIGN, seed))
                        .isInstanceOf(MalformedMessageException.class);
            } else {
                assertThat(decoder.decode(CallbackChannel.ESIGN, seed).outcome()).isNotNull();
            }
        }
    }

    @Test
    void thePersonalDataCheckFindsANikAPhoneAndAnEmailRepeatedFromTheInput() {
        String input = "{\"nik\":\"3171015505900001\",\"phone\":\"6281234567890\",\"x\":\"a@b.example\"}";

        assertThat(PersonalDataCheck.leaks("the message has no status near 3171015505900001", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("bad value 281234567", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("bad contact a@b.example", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("the ESIGN message has no status", input)).isEmpty();
    }

    @Test
    void thePersonalDataCheckFindsANameInAnyCaseAndADateOfBirthInEitherForm() {
        String input = "{\"name\":\"Siti Rahayu\",\"dateOfBirth\":\"15-05-1990\"}";

        assertThat(PersonalDataCheck.leaks("unknown name SITI RAHAYU", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("unknown name siti rahayu", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("born 15-05-1990?", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("born 1990-05-15?", input)).isNotEmpty();
        assertThat(PersonalDataCheck.leaks("processedAt 2026-05-08T10:30:00Z is not a time", input)).isEmpty();
    }

    @Test
    void theGeneratorIsDeterministicForASeed() {
        JsonMutator first = new JsonMutator(42, PlatformMessages.ALL);
        JsonMutator second = new JsonMutator(42, PlatformMessages.ALL);

        for (int i = 0; i < 200; i++) {
            assertThat(first.next(i).bytes()).as("case %d", i).isEqualTo(second.next(i).bytes());
        }
    }

    static String stack(Throwable error) {
        StringBuilder text = new StringBuilder(error.toString());
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(12, frames.length); i++) {
            text.append("\n      at ").append(frames[i]);
        }
        return text.toString();
    }
}
