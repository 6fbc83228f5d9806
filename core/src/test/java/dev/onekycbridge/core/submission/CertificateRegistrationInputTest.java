package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.onekycbridge.core.identity.UserLocale;
import dev.onekycbridge.core.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateRegistrationInputTest {
    private static CertificateRegistrationInput with(Map<String, Object> additionalData) {
        return new CertificateRegistrationInput(TestData.applicant(), UserLocale.EN_ID, TestData.consent(),
                additionalData);
    }

    @Test
    void theAdditionalDataIsCopiedAllTheWayDown() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("tier", "gold"));
        List<Object> list = new ArrayList<>(List.of(inner));
        Map<String, Object> data = new LinkedHashMap<>(Map.of("z", list));

        CertificateRegistrationInput input = with(data);
        inner.put("tier", "platinum");
        list.add("late");

        assertThat(input.additionalData()).isEqualTo(Map.of("z", List.of(Map.of("tier", "gold"))));
        List<?> copied = (List<?>) input.additionalData().get("z");
        assertThatThrownBy(copied::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(((Map<?, ?>) copied.get(0))::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    /** JSON's null is a value the check lets through, at any depth. */
    @Test
    void theAdditionalDataKeepsItsOrderAndItsNulls() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("z", Arrays.asList("a", null));
        data.put("a", null);

        assertThat(with(data).additionalData()).containsExactly(entry("z", Arrays.asList("a", null)),
                entry("a", null));
    }
}
