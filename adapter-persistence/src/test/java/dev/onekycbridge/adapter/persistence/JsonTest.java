package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void objectsKeepTheirKeyOrderAndEveryKindOfValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", "last written first");
        value.put("a", 42L);
        value.put("t", true);
        value.put("f", false);
        value.put("n", null);
        value.put("list", Arrays.asList(1L, "two", null, List.of()));
        value.put("nested", Map.of("k", "v"));

        String text = Json.write(value);

        assertThat(text).isEqualTo(
                "{\"z\":\"last written first\",\"a\":42,\"t\":true,\"f\":false,\"n\":null,"
                        + "\"list\":[1,\"two\",null,[]],\"nested\":{\"k\":\"v\"}}");
        assertThat(Json.parse(text)).isEqualTo(value);
    }

    @Test
    void stringsWithQuotesControlCharactersAndAnyScriptRoundTrip() {
        String tricky = "\"quoted\" back\\slash /slash\n\r\t\b\f \u0000 \u001f \u2028 Siti \u00e9 \u4e2d \ud83d\ude00";

        String text = Json.write(List.of(tricky));

        assertThat(text).doesNotContain("\n").doesNotContain("\u0000");
        assertThat(Json.parse(text)).isEqualTo(List.of(tricky));
    }

    @Test
    void escapesWrittenByOthersAreRead() {
        assertThat(Json.parse("\"\\u0041\\/\\n\"")).isEqualTo("A/\n");
    }

    @Test
    void integralNumbersAreLongsAndOthersDecimals() {
        assertThat(Json.parse("[0, -7, 9223372036854775807, 9223372036854775808, 1.50, 1e3]")).isEqualTo(List.of(
                0L, -7L, Long.MAX_VALUE, new BigDecimal("9223372036854775808"), new BigDecimal("1.50"),
                new BigDecimal("1e3")));
    }

    @Test
    void whitespaceAroundValuesIsIgnored() {
        assertThat(Json.parse(" {\n \"a\" : [ 1 , 2 ] ,\t\"b\" : { } }\n"))
                .isEqualTo(Map.of("a", List.of(1L, 2L), "b", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "tru", "{\"a\":1}x", "01x",
            "{\"a\":1,\"a\":2}", "\"\\x\"", "{1:2}"})
    void malformedTextIsRefusedWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON at offset");
    }

    @Test
    void deeplyNestedTextIsRefused() {
        String deep = "[".repeat(1000) + "]".repeat(1000);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested too deeply");
    }

    @Test
    void valuesJsonCannotHoldAreRefused() {
        List<Object> withObject = new ArrayList<>();
        withObject.add(new Object());

        assertThatThrownBy(() -> Json.write(withObject)).isInstanceOf(IllegalArgumentException.class);
    }
}
