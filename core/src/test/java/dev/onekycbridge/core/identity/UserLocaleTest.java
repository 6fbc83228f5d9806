package dev.onekycbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.validation.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserLocaleTest {
    @Test
    void parsesThePlatformsTwoLocales() {
        assertThat(UserLocale.parse("en_ID")).isEqualTo(UserLocale.EN_ID);
        assertThat(UserLocale.parse("id_ID")).isEqualTo(UserLocale.ID_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {" en_ID", "en_ID ", "en_ID\u00A0", "\u202Fen_ID", "en\u200B_ID", "\uFEFFen_ID\t"})
    void readsACodeWithSpacesOfAnyKindAroundItAndZeroWidthCharactersAnywhere(String text) {
        assertThat(UserLocale.parse(text)).isEqualTo(UserLocale.EN_ID);
        assertThat(UserLocale.isShapedLike(text)).isTrue();
    }

    @Test
    void eachLocaleHasItsWireCode() {
        assertThat(UserLocale.EN_ID.code()).isEqualTo("en_ID");
        assertThat(UserLocale.ID_ID.code()).isEqualTo("id_ID");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"EN_ID", "en_id", "ID_ID", "en-ID", "id-ID", "en", "id", "en_US", "in_ID", "en _ID",
            "\u200B"})
    void rejectsAnythingElse(String text) {
        // The message lists the accepted codes, so it is not checked for echoes of look-alike input.
        assertThatThrownBy(() -> UserLocale.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, rejection -> {
                    assertThat(rejection.field()).isEqualTo("userLocale");
                    assertThat(rejection.reason()).isEqualTo("must be en_ID or id_ID");
                });
    }
}
