package dev.onekycbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpacesTest {
    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u202F", "\u2007", "\u2009", "\u3000", "\u1680", "\u2028", "\u2029", "\t",
            "\n", "\r", "\u000B", "\f"})
    void everyUnicodeSpaceTabAndLineBreakIsAPlainSpace(String space) {
        assertThat(Spaces.normalise("Siti" + space + "Rahayu")).isEqualTo("Siti Rahayu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"})
    void zeroWidthCharactersAreDropped(String invisible) {
        assertThat(Spaces.normalise(invisible + "Siti" + invisible + " Rahayu" + invisible)).isEqualTo("Siti Rahayu");
    }

    @Test
    void textWithPlainSpacesOnlyIsTheSameText() {
        String text = "Siti Rahayu";

        assertThat(Spaces.normalise(text)).isSameAs(text);
        assertThat(Spaces.normalise(null)).isNull();
    }

    @Test
    void otherInvisibleCharactersAreKeptForTheValueToRefuse() {
        assertThat(Spaces.normalise("Siti\u0000Rahayu\u00AD")).isEqualTo("Siti\u0000Rahayu\u00AD");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u00A0", "\u202F\u200B", "\uFEFF", "\t\u3000"})
    void textOfSpacesAndZeroWidthCharactersIsBlank(String text) {
        assertThat(Spaces.isBlank(text)).isTrue();
    }

    @Test
    void textWithAnythingElseIsNotBlank() {
        assertThat(Spaces.isBlank("\u00A0x")).isFalse();
    }
}
