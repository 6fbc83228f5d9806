package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonNameTest {
    private static final String SHAPE_REASON =
            "may hold only letters, spaces, and the marks . , ' - and must start with a letter";

    @ParameterizedTest
    @ValueSource(strings = {
            "Siti Rahayu Lestari", "Soekarno", "Ni Made Ayu", "O'Brien", "D’Souza", "Jean-Luc Picard",
            "Muhammad S. Hidayat", "Hidayat, Muhammad", "Zoë Ñúñez", "Łukasz Żółć", "Кирилл Иванов",
            "李小龍", "محمد", "Nguyễn Thị", "Jose\u0301", "A"})
    void acceptsLettersOfAnyScriptAndTheMarksNamesUse(String text) {
        assertThat(PersonName.parse(text).value()).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "'  Siti Rahayu  '          | Siti Rahayu",
            "'Siti    Rahayu'           | Siti Rahayu",
            "'Siti Rahayu   Lestari '   | Siti Rahayu Lestari"})
    void trimsAndCollapsesWhitespace(String text, String expected) {
        assertThat(PersonName.parse(text).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Siti\u00A0Rahayu", "Siti Rahayu\u00A0", "Siti\u202FRahayu", "\u3000Siti\u2009Rahayu",
            "Siti \u00A0 Rahayu", "\uFEFFSiti Rahayu", "Siti Rahayu\u200B", "Siti\u200B Rahayu"})
    void readsUnicodeSpacesAsSpacesAndDropsZeroWidthCharacters(String text) {
        assertThat(PersonName.parse(text).value()).isEqualTo("Siti Rahayu");
    }

    @Test
    void collapsesTabsAndNewLines() {
        assertThat(PersonName.parse("Siti\t\tRahayu\r\nLestari").value()).isEqualTo("Siti Rahayu Lestari");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "R2D2", "Siti 3", "Siti Rahayu 2nd", "@siti", "Siti!", "Siti_Rahayu", "Siti/Rahayu", "Siti (Ayu)",
            "-Siti", "'Siti", ".Siti", " ,Siti", "Siti 😀", "Siti\u0000", "Siti\"", "<script>", "١٢٣"})
    void rejectsDigitsSymbolsAndNamesNotStartingWithALetter(String text) {
        var rejection = assertRejected(text, "name", () -> PersonName.parse(text));
        assertThat(rejection.reason()).isEqualTo(SHAPE_REASON);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n", "\u00A0", "\u202F\u200B"})
    void rejectsABlankName(String text) {
        var rejection = assertRejected(text, "name", () -> PersonName.parse(text));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void acceptsOneHundredCharacters() {
        String name = "A".repeat(100);

        assertThat(PersonName.parse(name).value()).hasSize(100);
    }

    @Test
    void rejectsOneHundredAndOneCharacters() {
        String name = "A".repeat(101);

        var rejection = assertRejected(name, "name", () -> PersonName.parse(name));
        assertThat(rejection.reason()).isEqualTo("must be at most 100 characters");
    }

    @Test
    void theLengthIsCountedAfterCollapsingWhitespace() {
        String name = "A".repeat(49) + "          " + "B".repeat(50);

        assertThat(PersonName.parse(name).value()).hasSize(100);
    }

    @Test
    void theConstructorDoesNotNormalise() {
        assertRejected(" Siti", "name", () -> new PersonName(" Siti"));
        assertThat(new PersonName("Siti  Rahayu").value()).isEqualTo("Siti  Rahayu");
    }

    @Test
    void toStringNeverShowsTheName() {
        assertThat(PersonName.parse("Siti Rahayu Lestari").toString())
                .doesNotContain("Siti").doesNotContain("Rahayu").doesNotContain("Lestari");
    }
}
