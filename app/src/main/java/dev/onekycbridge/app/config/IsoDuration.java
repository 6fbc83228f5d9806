package dev.onekycbridge.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Periods as settings and command-line options are written: ISO-8601 in weeks, days, hours, minutes or seconds
 * ({@code P2W}, {@code P30D}, {@code PT10M}). Months and years, which have no fixed length, are refused.
 */
public final class IsoDuration {
    /**
     * The longest period taken, whole days that fit in a long of nanoseconds (292 years): the timers that wait
     * for a period count it so, and a longer one would overflow only once the work it bounds had begun.
     */
    public static final Duration LONGEST = Duration.ofDays(106_751);
    /** What a positive period must look like, for messages that name the setting or option before it. */
    public static final String EXPECTED = "a positive ISO-8601 duration of weeks, days, hours, minutes or seconds,"
            + " at most P" + LONGEST.toDays() + "D, e.g. PT10M, P30D or P2W";

    private static final Pattern WEEKS = Pattern.compile("P(\\d{1,9})W", Pattern.CASE_INSENSITIVE);

    private IsoDuration() {
    }

    /** The period the text writes; empty when it is none of those shapes or longer than {@link #LONGEST}. */
    public static Optional<Duration> parse(String text) {
        String value = text.strip();
        try {
            // Weeks are ISO-8601 too (P2W), though java.time's Duration does not read them.
            Matcher weeks = WEEKS.matcher(value);
            Duration duration = weeks.matches() ? Duration.ofDays(7 * Long.parseLong(weeks.group(1)))
                    : Duration.parse(value);
            return duration.abs().compareTo(LONGEST) > 0 ? Optional.empty() : Optional.of(duration);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
