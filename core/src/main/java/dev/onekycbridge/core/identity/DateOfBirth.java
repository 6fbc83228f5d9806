package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/** A date of birth, written {@code DD-MM-YYYY} on the wire as the platform requires. */
public record DateOfBirth(LocalDate date) {
    private static final String FIELD = "dateOfBirth";
    private static final Pattern FORMAT = Pattern.compile("\\d{2}-\\d{2}-\\d{4}");
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("dd-MM-uuuu");
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /**
     * Where "today" is judged: Jakarta, as the platform judges it (and the sandbox after it), not the server's
     * zone or UTC, which refused yesterday's date until 07:00 in Jakarta. The eastern zones' later midnight (up to
     * two hours, Jayapura) matters only to someone born that day, who has no KTP; judging there instead would let
     * through, for those hours, a date the platform refuses at the confirm, after the images are uploaded.
     */
    private static final ZoneId TODAY_IN = ZoneId.of("Asia/Jakarta");

    public DateOfBirth {
        Objects.requireNonNull(date, FIELD);
        if (date.isBefore(EARLIEST)) {
            throw new InvalidValueException(FIELD, "must not be before 1900");
        }
    }

    /** Parses {@code DD-MM-YYYY}: a real calendar date strictly before today in Jakarta. */
    public static DateOfBirth parse(String text, Clock clock) {
        if (Spaces.isBlank(text)) {
            throw new InvalidValueException(FIELD, "is required");
        }
        String trimmed = Spaces.normalise(text).strip();
        if (!FORMAT.matcher(trimmed).matches()) {
            throw new InvalidValueException(FIELD, "must be written DD-MM-YYYY");
        }
        LocalDate date;
        try {
            date = LocalDate.of(
                    Integer.parseInt(trimmed.substring(6)),
                    Integer.parseInt(trimmed.substring(3, 5)),
                    Integer.parseInt(trimmed.substring(0, 2)));
        } catch (DateTimeException e) {
            throw new InvalidValueException(FIELD, "is not a real calendar date");
        }
        if (!date.isBefore(LocalDate.ofInstant(clock.instant(), TODAY_IN))) {
            throw new InvalidValueException(FIELD, "must be in the past");
        }
        return new DateOfBirth(date);
    }

    /** The platform's form, {@code DD-MM-YYYY}. */
    public String wireFormat() {
        return WIRE.format(date);
    }

    @Override
    public String toString() {
        return "DateOfBirth[***]";
    }
}
