package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumberTest {
    private static final String FORMAT_REASON =
            "must be an Indonesian mobile number: 08…, +62… or 62…, 11 to 15 digits with the 62";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "081234567890     | 6281234567890",
            "+6281234567890   | 6281234567890",
            "6281234567890    | 6281234567890",
            "0812 3456 7890   | 6281234567890",
            "0812-3456-7890   | 6281234567890",
            "+62 812-3456-7890| 6281234567890",
            "+62 - 812 3456 7890 | 6281234567890",
            "'  081234567890  '| 6281234567890",
            "'0812\t3456 7890'  | 6281234567890",
            "'0812\u00A03456\u00A07890' | 6281234567890",
            "'+62\u202F812-3456-7890\u200B' | 6281234567890",
            "'\uFEFF081234567890\u00A0' | 6281234567890"})
    void normalisesTheAcceptedFormsTo62(String text, String expected) {
        assertThat(PhoneNumber.parse(text).value()).isEqualTo(expected);
    }

    @Test
    void acceptsElevenDigitsWithThe62() {
        assertThat(PhoneNumber.parse("0812345678").value()).isEqualTo("62812345678").hasSize(11);
    }

    @Test
    void rejectsTenDigitsWithThe62() {
        assertRejectedPhone("081234567");
    }

    @Test
    void acceptsFifteenDigitsWithThe62() {
        assertThat(PhoneNumber.parse("08123456789012").value()).isEqualTo("628123456789012").hasSize(15);
    }

    @Test
    void rejectsSixteenDigitsWithThe62() {
        assertRejectedPhone("081234567890123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6212345678901", "+6212345678901", "02155512345", "021-555-1234", "6221555123456"})
    void rejectsNumbersThatAreNotMobile(String text) {
        assertRejectedPhone(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0812345678ab", "o81234567890", "+62 812 3456 789x", "(0812) 3456 7890", "0812.3456.7890",
            "++6281234567890", "+081234567890", "006281234567890", "12345678901", "+1 415 555 0100",
            "٠٨١٢٣٤٥٦٧٨٩٠", "0812\u200B3456\u00A0789x"})
    void rejectsLettersPunctuationAndForeignNumbers(String text) {
        assertRejectedPhone(text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u00A0", "\t\u200B"})
    void rejectsAMissingNumber(String text) {
        var rejection = assertRejected(text, "phoneNumber", () -> PhoneNumber.parse(text));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void theConstructorTakesOnlyTheNormalisedForm() {
        assertThat(new PhoneNumber("6281234567890").value()).isEqualTo("6281234567890");
        assertRejected("081234567890", "phoneNumber", () -> new PhoneNumber("081234567890"));
        assertRejected("+6281234567890", "phoneNumber", () -> new PhoneNumber("+6281234567890"));
        assertRejected("62 81234567890", "phoneNumber", () -> new PhoneNumber("62 81234567890"));
        assertRejected("null", "phoneNumber", () -> new PhoneNumber(null));
    }

    @Test
    void toStringNeverShowsTheNumber() {
        String shown = PhoneNumber.parse("081234567890").toString();

        assertThat(shown).doesNotContain("6281234567890").doesNotContain("1234").doesNotContainPattern("\\d{3,}");
    }

    private static void assertRejectedPhone(String text) {
        var rejection = assertRejected(text, "phoneNumber", () -> PhoneNumber.parse(text));
        assertThat(rejection.reason()).isEqualTo(FORMAT_REASON);
        assertThat(rejection.getMessage()).doesNotContain(text.replace(" ", "").replace("-", ""));
    }
}
