package dev.onekycbridge.adapter.onekyc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading the loosely typed values of the platform's JSON. */
class JsonTreeTest {
    @Test
    void aWholeNumberIsReadFromANumberOrFromTextOfOne() {
        assertThat(JsonTree.longValue(new JsonTree.JsonNumber("1700000000"))).isEqualTo(1_700_000_000L);
        assertThat(JsonTree.longValue(" 42\n")).isEqualTo(42L);
        assertThat(JsonTree.longValue("1e3")).isEqualTo(1000L);
        assertThat(JsonTree.longValue("-7")).isEqualTo(-7L);
    }

    @Test
    void anythingElseIsNoWholeNumber() {
        assertThat(JsonTree.longValue("2026-05-08T10:30:00Z")).isNull();
        assertThat(JsonTree.longValue("2026-05-08")).isNull();
        assertThat(JsonTree.longValue("12abc")).isNull();
        assertThat(JsonTree.longValue("1.5")).isNull();
        assertThat(JsonTree.longValue("")).isNull();
        assertThat(JsonTree.longValue("-")).isNull();
        assertThat(JsonTree.longValue(true)).isNull();
        assertThat(JsonTree.longValue((Object) null)).isNull();
    }

    @Test
    void anInstantIsReadFromIsoTextOrEpochSecondsOrMillis() {
        Instant at = Instant.parse("2026-05-08T10:30:00Z");
        assertThat(JsonTree.instant("2026-05-08T10:30:00Z")).isEqualTo(at);
        assertThat(JsonTree.instant("2026-05-08T17:30:00+07:00")).isEqualTo(at);
        assertThat(JsonTree.instant("2026-05-08T10:30:00")).isEqualTo(at);
        assertThat(JsonTree.instant(new JsonTree.JsonNumber(String.valueOf(at.getEpochSecond())))).isEqualTo(at);
        assertThat(JsonTree.instant(String.valueOf(at.toEpochMilli()))).isEqualTo(at);
        assertThat(JsonTree.instant("yesterday")).isNull();
    }
}
