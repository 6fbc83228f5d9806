package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuplicateKeysTest {
    @Test
    void eachKeyGivenTwiceInOneObjectIsNamedOnceByItsPath() {
        String json = """
                {"a": 1, "b": {"c": 2, "c": 3, "c": 4}, "list": [{"x": 1}, {"x": 1, "x": 2}],
                 "deep": [[{"y": 1, "y": 2}]], "a": 5}""";

        assertThat(DuplicateKeys.in(json)).containsExactly(exact("b.c"), exact("list[1].x"), exact("deep[0][0].y"),
                exact("a"));
    }

    /** Free-form data may use personal data as keys: a path never repeats a key that is not a plain name. */
    @Test
    void aKeyThatIsNoPlainNameIsNotRepeatedAndThePlaceIsItsNearestNameableObject() {
        String json = """
                {"extra": {"Siti Rahayu": 1, "Siti Rahayu": 2, "3171010507900003": {"k": 1, "k": 2}},
                 "siti@example.co.id": 1, "siti@example.co.id": 2}""";

        assertThat(DuplicateKeys.in(json)).containsExactly(new DuplicateKeys.Repeat("extra", false),
                new DuplicateKeys.Repeat("", false));
    }

    /**
     * A consent's texts are keyed by locale, and the partner's additionalData by keys of its own: a key there that
     * could be a person's name is not repeated, plain as it looks.
     */
    @Test
    void aConsentTextsKeyThatIsNoLocaleAndAnyAdditionalDataKeyAreNotRepeated() {
        String json = """
                {"consentData": [{"details": {"en_ID": {}, "en_ID": {}}},
                                 {"details": {"Siti.Rahayu": {}, "Siti.Rahayu": {}}}],
                 "additionalData": {"Siti.Rahayu": 1, "Siti.Rahayu": 2},
                 "metadata": {"additionalData": {"budi_santoso": 1, "budi_santoso": 2}}}""";

        assertThat(DuplicateKeys.in(json)).containsExactly(exact("consentData[0].details.en_ID"),
                new DuplicateKeys.Repeat("consentData[1].details", false),
                new DuplicateKeys.Repeat("additionalData", false),
                new DuplicateKeys.Repeat("metadata.additionalData", false));
    }

    private static DuplicateKeys.Repeat exact(String path) {
        return new DuplicateKeys.Repeat(path, true);
    }

    @Test
    void theSameKeyInDifferentObjectsIsNoDuplicate() {
        assertThat(DuplicateKeys.in("""
                {"a": {"id": 1}, "b": {"id": 1}, "c": [{"id": 1}, {"id": 2}], "id": [1, 1]}""")).isEmpty();
        assertThat(DuplicateKeys.in("[{\"a\": 1}, {\"a\": 2}]")).isEmpty();
    }

    /** Its repeats cannot be told: such a text is refused, never taken as having none. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"a\": 1, \"a\": ",
            "{\"a\": 1, \"a\": 2 /* a comment */}",
            "{\"a\": 1, // a comment\n \"a\": 2}",
            "{\"a\": 1, # a comment\n \"a\": 2}",
            "/* a comment */ {\"a\": 1}"})
    void aTextThatIsNotWellFormedJsonCannotBeSearchedAndIsRefused(String text) {
        assertThatThrownBy(() -> DuplicateKeys.in(text)).isInstanceOf(DecodeException.class)
                .hasMessageNotContaining("comment");
    }

    /** The decoding reads as the search does: a comment is malformed JSON there too, not skipped. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"a\": 1 /* a comment */}", "{\"a\": 1} // a comment", "{\"a\": 1} # a comment"})
    void theDecodingRefusesACommentAsTheSearchDoes(String text) {
        assertThatThrownBy(() -> DuplicateKeys.decode(text)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> DuplicateKeys.in(text)).isInstanceOf(DecodeException.class);
    }

    @Test
    void theDecodingIsVertxsOwnForJsonWithoutComments() {
        String text = """
                {"n": 3171010507900003, "big": 123456789012345678901234567890, "f": 1.5, "t": true, "z": null,
                 "list": [1, "x", {"k": "v"}], "o": {"p": []}}""";

        assertThat(DuplicateKeys.decode(text)).isEqualTo(new JsonObject(text));
        assertThat(DuplicateKeys.decode("[1, 2]")).isEqualTo(new JsonArray(List.of(1, 2)));
        assertThatThrownBy(() -> DuplicateKeys.decode("{\"a\": 1} {\"b\": 2}")).isInstanceOf(DecodeException.class);
    }
}
