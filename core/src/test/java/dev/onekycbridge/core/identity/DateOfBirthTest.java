package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.onekycbridge.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DateOfBirthTest {
    /** Today is 15 June 2025 (17:00 in Jakarta). */
    private final MutableClock clock = MutableClock.at("2025-06-15T10:00:00Z");

    private void assertRejectedDate(String text, String reason) {
        var rejection = assertRejected(text, "dateOfBirth", () -> DateOfBirth.parse(text, clock));
        assertThat(rejection.reason()).isEqualTo(reason);
    }

    @Test
    void parsesDayMonthYear() {
        assertThat(DateOfBirth.parse("15-05-1990", clock).date()).isEqualTo(LocalDate.of(1990, 5, 15));
    }

    @Test
    void parseStripsSurroundingWhitespace() {
        assertThat(DateOfBirth.parse(" 15-05-1990\t", clock).date()).isEqualTo(LocalDate.of(1990, 5, 15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15-05-1990\u00A0", "\u202F15-05-1990", "\uFEFF15-05-1990", "15-05-1990\u200B"})
    void parseStripsUnicodeSpacesAndZeroWidthCharactersAround(String text) {
        assertThat(DateOfBirth.parse(text, clock).date()).isEqualTo(LocalDate.of(1990, 5, 15));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\u00A0"})
    void rejectsAMissingDate(String text) {
        assertRejectedDate(text, "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1990-05-15", "5-5-1990", "15-5-1990", "5-05-1990", "15-05-90", "15/05/1990", "15.05.1990",
            "15 05 1990", "15-05-01990", "15051990", "15-May-1990", "١٥-٠٥-١٩٩٠", "1990-05-15T00:00:00Z"})
    void acceptsOnlyDdMmYyyy(String text) {
        assertRejectedDate(text, "must be written DD-MM-YYYY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"31-02-2000", "30-02-2000", "29-02-2001", "29-02-1900", "31-04-1990", "00-01-2000",
            "32-01-2000", "15-00-2000", "15-13-2000"})
    void rejectsADateThatIsNotOnTheCalendar(String text) {
        assertRejectedDate(text, "is not a real calendar date");
    }

    @Test
    void acceptsTheTwentyNinthOfFebruaryInALeapYear() {
        assertThat(DateOfBirth.parse("29-02-2000", clock).date()).isEqualTo(LocalDate.of(2000, 2, 29));
        assertThat(DateOfBirth.parse("29-02-1996", clock).date()).isEqualTo(LocalDate.of(1996, 2, 29));
    }

    @Test
    void acceptsYesterday() {
        assertThat(DateOfBirth.parse("14-06-2025", clock).date()).isEqualTo(LocalDate.of(2025, 6, 14));
    }

    @Test
    void rejectsToday() {
        assertRejectedDate("15-06-2025", "must be in the past");
    }

    @Test
    void rejectsTodayUpToTheLastSecondOfTheDayInJakarta() {
        clock.set(Instant.parse("2025-06-15T16:59:59Z"));

        assertRejectedDate("15-06-2025", "must be in the past");
    }

    @Test
    void acceptsWhatWasTodayOnceMidnightHasPassedInJakarta() {
        clock.advance(Duration.ofHours(7));

        assertThat(DateOfBirth.parse("15-06-2025", clock).date()).isEqualTo(LocalDate.of(2025, 6, 15));
    }

    /** 03:00 on 10 March in Jakarta is still 9 March in UTC: the 9th is yesterday there. */
    @Test
    void acceptsYesterdayInJakartaBeforeTheUtcDateHasTurned() {
        Clock utc = Clock.fixed(Instant.parse("2026-03-09T20:00:00Z"), ZoneOffset.UTC);

        assertThat(DateOfBirth.parse("09-03-2026", utc).date()).isEqualTo(LocalDate.of(2026, 3, 9));
        assertRejected("10-03-2026", "dateOfBirth", () -> DateOfBirth.parse("10-03-2026", utc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"16-06-2025", "01-01-2026", "15-06-2125"})
    void rejectsAFutureDate(String text) {
        assertRejectedDate(text, "must be in the past");
    }

    @Test
    void acceptsTheFirstDayOf1900() {
        assertThat(DateOfBirth.parse("01-01-1900", clock).date()).isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31-12-1899", "01-01-0001", "15-05-1000"})
    void rejectsADateBefore1900(String text) {
        assertRejectedDate(text, "must not be before 1900");
    }

    @Test
    void theConstructorAlsoRejectsADateBefore1900() {
        assertRejected("1899-12-31", "dateOfBirth", () -> new DateOfBirth(LocalDate.of(1899, 12, 31)));
    }

    @Test
    void theConstructorNeedsADate() {
        assertThatNullPointerException().isThrownBy(() -> new DateOfBirth(null));
    }

    @Test
    void isWrittenDdMmYyyyOnTheWire() {
        assertThat(new DateOfBirth(LocalDate.of(1990, 5, 15)).wireFormat()).isEqualTo("15-05-1990");
        assertThat(new DateOfBirth(LocalDate.of(1903, 2, 1)).wireFormat()).isEqualTo("01-02-1903");
    }

    @Test
    void wireFormatRoundTrips() {
        var dateOfBirth = DateOfBirth.parse("29-02-2000", clock);

        assertThat(DateOfBirth.parse(dateOfBirth.wireFormat(), clock)).isEqualTo(dateOfBirth);
    }

    @Test
    void toStringNeverShowsTheDate() {
        String shown = new DateOfBirth(LocalDate.of(1990, 5, 15)).toString();

        assertThat(shown).doesNotContain("1990").doesNotContain("15").doesNotContain("05");
    }
}
