package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateKeysTest {
    @Test
    void eachKeyGivenTwiceInOneObjectIsNamedOnceByItsPath() {
        String json = """
                {"a": 1, "b": {"c": 2, "c": 3, "c": 4}, "list": [{"x": 1}, {"x": 1, "x": 2}],
                 "deep": [[{"y": 1, "y": 2}]], "a": 5}""";

        assertThat(DuplicateKeys.in(json)).containsExactly("b.c", "list[1].x", "deep[0][0].y", "a");
    }

    @Test
    void theSameKeyInDifferentObjectsAndAnythingNotWellFormedIsNoDuplicate() {
        assertThat(DuplicateKeys.in("""
                {"a": {"id": 1}, "b": {"id": 1}, "c": [{"id": 1}, {"id": 2}], "id": [1, 1]}""")).isEmpty();
        assertThat(DuplicateKeys.in("{\"a\": 1, \"a\": ")).isEmpty();
        assertThat(DuplicateKeys.in("[{\"a\": 1}, {\"a\": 2}]")).isEmpty();
    }
}
