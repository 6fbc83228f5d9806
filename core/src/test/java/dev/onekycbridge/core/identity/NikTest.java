package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NikTest {
    /** A man born 15 May 1990 in Jakarta (31), regency 71, district 01, serial 0001. */
    private static final String MAN = "3171011505900001";
    /** The same birth date for a woman: 15 + 40 = 55. */
    private static final String WOMAN = "3171015505900001";

    /** Builds a NIK from its parts: province, regency, district, day, month, year, serial. */
    private static String nik(String province, String regency, String district, String day, String month,
                              String year, String serial) {
        return province + regency + district + day + month + year + serial;
    }

    private static void assertRejectedNik(String text, String reason) {
        var rejection = assertRejected(text, "nik", () -> new Nik(text));
        assertThat(rejection.reason()).isEqualTo(reason);
    }

    @Nested
    class Shape {
        @Test
        void acceptsSixteenDigits() {
            assertThat(new Nik(MAN).value()).isEqualTo(MAN);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t"})
        void rejectsAMissingValue(String text) {
            assertRejectedNik(text, "is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"317101150590001", "31710115059000011"})
        void rejectsFifteenOrSeventeenDigits(String text) {
            assertRejectedNik(text, "must be exactly 16 digits");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "317101150590000A", "3171-0115-0590-01", "3171 0115 0590 01", "+317101150590001",
                "-317101150590001", "31710115059000.1", "317101150590000١", "３１７１０１１５０５９００００１"})
        void rejectsAnythingButAsciiDigits(String text) {
            assertRejectedNik(text, "must be exactly 16 digits");
        }

        @Test
        void parseStripsSurroundingWhitespace() {
            assertThat(Nik.parse("  " + MAN + "\n")).isEqualTo(new Nik(MAN));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u00A0", "\u202F", "\u3000", "\u200B", "\uFEFF", "\t"})
        void parseStripsUnicodeSpacesAndZeroWidthCharactersAround(String space) {
            assertThat(Nik.parse(space + WOMAN + space)).isEqualTo(new Nik(WOMAN));
        }

        @Test
        void parseRejectsNull() {
            assertRejected(null, "nik", () -> Nik.parse(null));
        }

        @Test
        void parseRejectsWhitespaceInside() {
            String text = "31710115 05900001";
            assertRejected(text, "nik", () -> Nik.parse(text));
            String noBreak = "31710115\u00A005900001";
            assertRejected(noBreak, "nik", () -> Nik.parse(noBreak));
        }
    }

    @Nested
    class Province {
        @ParameterizedTest
        @ValueSource(strings = {
                "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
                "31", "32", "33", "34", "35", "36",
                "51", "52", "53",
                "61", "62", "63", "64", "65",
                "71", "72", "73", "74", "75", "76",
                "81", "82",
                "91", "92", "93", "94", "95", "96"})
        void acceptsEveryProvinceCode(String province) {
            var nik = new Nik(nik(province, "71", "01", "15", "05", "90", "0001"));

            assertThat(nik.provinceCode()).isEqualTo(province);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "00", "01", "10", "20", "22", "30", "37", "40", "50", "54", "60", "66", "70", "77", "80", "83",
                "90", "97", "99"})
        void rejectsACodeThatIsNoProvince(String province) {
            assertRejectedNik(nik(province, "71", "01", "15", "05", "90", "0001"),
                    "does not start with a valid province code");
        }
    }

    @Nested
    class RegencyAndDistrict {
        @Test
        void rejectsAnEmptyRegency() {
            assertRejectedNik(nik("31", "00", "01", "15", "05", "90", "0001"),
                    "has an empty regency or district code");
        }

        @Test
        void rejectsAnEmptyDistrict() {
            assertRejectedNik(nik("31", "71", "00", "15", "05", "90", "0001"),
                    "has an empty regency or district code");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01", "10", "99"})
        void acceptsAnyOtherRegencyOrDistrict(String code) {
            assertThat(new Nik(nik("31", code, code, "15", "05", "90", "0001")).value()).startsWith("31" + code);
        }
    }

    @Nested
    class EncodedBirthDate {
        @ParameterizedTest
        @ValueSource(strings = {"01", "15", "31"})
        void acceptsTheDayOfAMan(String day) {
            var nik = new Nik(nik("31", "71", "01", day, "05", "90", "0001"));

            assertThat(nik.isFemale()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"41", "55", "71"})
        void acceptsTheDayOfAWomanWithFortyAdded(String day) {
            var nik = new Nik(nik("31", "71", "01", day, "05", "90", "0001"));

            assertThat(nik.isFemale()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "32", "39", "40", "72", "99"})
        void rejectsADayThatIsNeitherAMansNorAWomans(String day) {
            assertRejectedNik(nik("31", "71", "01", day, "05", "90", "0001"),
                    "does not encode a valid birth date in digits 7 to 12");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01", "12"})
        void acceptsMonthsOneToTwelve(String month) {
            assertThat(new Nik(nik("31", "71", "01", "15", month, "90", "0001"))).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "13", "99"})
        void rejectsAMonthOutsideOneToTwelve(String month) {
            assertRejectedNik(nik("31", "71", "01", "15", month, "90", "0001"),
                    "does not encode a valid birth date in digits 7 to 12");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "99"})
        void acceptsAnyTwoDigitYear(String year) {
            assertThat(new Nik(nik("31", "71", "01", "15", "05", year, "0001"))).isNotNull();
        }
    }

    @Nested
    class Serial {
        @Test
        void rejectsSerialZero() {
            assertRejectedNik(nik("31", "71", "01", "15", "05", "90", "0000"), "has a serial number of 0000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0001", "0010", "1000", "9999"})
        void acceptsAnyOtherSerial(String serial) {
            assertThat(new Nik(nik("31", "71", "01", "15", "05", "90", serial)).value()).endsWith(serial);
        }
    }

    @Nested
    class AgreementWithTheDateOfBirth {
        private final DateOfBirth bornOn15May1990 = new DateOfBirth(LocalDate.of(1990, 5, 15));

        @Test
        void aMansNikAgreesWithHisDateOfBirth() {
            assertThat(new Nik(MAN).agreesWith(bornOn15May1990)).isTrue();
        }

        @Test
        void aWomansNikAgreesWithHerDateOfBirth() {
            assertThat(new Nik(WOMAN).agreesWith(bornOn15May1990)).isTrue();
        }

        @Test
        void theFirstAndLastDaysOfAMonthAgreeForWomen() {
            assertThat(new Nik(nik("31", "71", "01", "41", "01", "00", "0001"))
                    .agreesWith(new DateOfBirth(LocalDate.of(2000, 1, 1)))).isTrue();
            assertThat(new Nik(nik("31", "71", "01", "71", "12", "99", "0001"))
                    .agreesWith(new DateOfBirth(LocalDate.of(1999, 12, 31)))).isTrue();
        }

        @Test
        void disagreesWhenTheYearDiffers() {
            assertThat(new Nik(MAN).agreesWith(new DateOfBirth(LocalDate.of(1991, 5, 15)))).isFalse();
            assertThat(new Nik(WOMAN).agreesWith(new DateOfBirth(LocalDate.of(1991, 5, 15)))).isFalse();
        }

        @Test
        void disagreesWhenTheMonthDiffers() {
            assertThat(new Nik(MAN).agreesWith(new DateOfBirth(LocalDate.of(1990, 6, 15)))).isFalse();
            assertThat(new Nik(WOMAN).agreesWith(new DateOfBirth(LocalDate.of(1990, 6, 15)))).isFalse();
        }

        @Test
        void disagreesWhenTheDayDiffers() {
            assertThat(new Nik(MAN).agreesWith(new DateOfBirth(LocalDate.of(1990, 5, 16)))).isFalse();
            assertThat(new Nik(WOMAN).agreesWith(new DateOfBirth(LocalDate.of(1990, 5, 16)))).isFalse();
        }

        @Test
        void theFortyAddedForWomenIsTakenOffBeforeComparing() {
            var womanBornOnThe1st = new Nik(nik("31", "71", "01", "41", "05", "90", "0001"));

            assertThat(womanBornOnThe1st.agreesWith(new DateOfBirth(LocalDate.of(1990, 5, 1)))).isTrue();
            assertThat(womanBornOnThe1st.agreesWith(new DateOfBirth(LocalDate.of(1990, 5, 2)))).isFalse();
        }

        @Test
        void onlyTheLastTwoDigitsOfTheYearAreEncoded() {
            var bornIn05 = new Nik(nik("31", "71", "01", "15", "05", "05", "0001"));

            assertThat(bornIn05.agreesWith(new DateOfBirth(LocalDate.of(1905, 5, 15)))).isTrue();
            assertThat(bornIn05.agreesWith(new DateOfBirth(LocalDate.of(2005, 5, 15)))).isTrue();
            assertThat(bornIn05.agreesWith(new DateOfBirth(LocalDate.of(1995, 5, 15)))).isFalse();
        }
    }

    @Nested
    class Presentation {
        @Test
        void toStringNeverShowsTheDigits() {
            String shown = new Nik(WOMAN).toString();

            assertThat(shown).doesNotContain(WOMAN);
            for (int i = 0; i + 4 <= WOMAN.length(); i++) {
                assertThat(shown).doesNotContain(WOMAN.substring(i, i + 4));
            }
            assertThat(shown).startsWith("Nik[").doesNotContainPattern("\\d{3,}");
        }

        @Test
        void isSentAsANumber() {
            assertThat(new Nik(WOMAN).asNumber()).isEqualTo(3171015505900001L);
        }

        @Test
        void valuesWithTheSameDigitsAreEqual() {
            assertThat(new Nik(MAN)).isEqualTo(Nik.parse(" " + MAN)).hasSameHashCodeAs(new Nik(MAN))
                    .isNotEqualTo(new Nik(WOMAN));
        }
    }
}
