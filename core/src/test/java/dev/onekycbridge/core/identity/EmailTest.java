package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {
    private static final String INVALID = "must be a valid e-mail address";

    @ParameterizedTest
    @ValueSource(strings = {
            "siti.lestari@example.co.id", "siti@example.com", "a@b.co", "siti+kyc@example.com",
            "siti_lestari@example.com", "siti-lestari@sub.example.com", "o'brien@example.ie",
            "1234@example.com", "user@123.example", "user@xn--bcher-kva.example", "a!#$%&*/=?^`{|}~@example.com"})
    void acceptsValidAddresses(String text) {
        assertThat(Email.parse(text).value()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Siti.Lestari@Example.CO.ID, Siti.Lestari@example.co.id",
            "SITI@EXAMPLE.COM,           SITI@example.com",
            "'  siti@example.com  ',      siti@example.com",
            "'siti@example.com\u00A0',   siti@example.com",
            "'\uFEFFsiti@example.com\u200B', siti@example.com"})
    void lowerCasesTheDomainOnlyAndStripsWhitespace(String text, String expected) {
        assertThat(Email.parse(text).value()).isEqualTo(expected);
    }

    @Test
    void theConstructorRequiresALowerCaseDomain() {
        assertRejected("siti@Example.com", "email", () -> new Email("siti@Example.com"));
        assertThat(new Email("Siti@example.com").value()).isEqualTo("Siti@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "siti.example.com", "siti@", "@example.com", "siti@@example.com", "siti@example@example.com",
            "siti..lestari@example.com", "siti@example..com", ".siti@example.com", "siti.@example.com",
            "siti@.example.com",
            "siti@example", "siti@localhost", "siti@example.com.", "siti@-example.com", "siti@example-.com",
            "siti lestari@example.com", "siti@exa mple.com", "siti@example_domain.com", "siti@exämple.com",
            "sití@example.com", "siti@[203.0.113.7]", "\"siti\"@example.com", "siti@example.com\nbcc@evil.com",
            "<siti@example.com>", "Siti <siti@example.com>", "siti,lestari@example.com"})
    void rejectsInvalidAddresses(String text) {
        var rejection = assertRejected(text, "email", () -> Email.parse(text));
        assertThat(rejection.reason()).isEqualTo(INVALID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u00A0"})
    void rejectsAMissingAddress(String text) {
        var rejection = assertRejected(text, "email", () -> Email.parse(text));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void acceptsTwoHundredFiftyFourCharactersAndRejectsTwoHundredFiftyFive() {
        String local = "a".repeat(64);
        // 64 + 1 + 63 + 1 + 63 + 1 + 61 = 254
        String domain254 = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        String address254 = local + "@" + domain254;
        String address255 = local + "@" + domain254 + "e";
        assertThat(address254).hasSize(254);
        assertThat(address255).hasSize(255);

        assertThat(Email.parse(address254).value()).isEqualTo(address254);
        assertRejected(address255, "email", () -> Email.parse(address255));
    }

    @Test
    void acceptsALocalPartOfSixtyFourCharactersAndRejectsSixtyFive() {
        String ok = "a".repeat(64) + "@example.com";
        String tooLong = "a".repeat(65) + "@example.com";

        assertThat(Email.parse(ok).value()).isEqualTo(ok);
        assertRejected(tooLong, "email", () -> Email.parse(tooLong));
    }

    @Test
    void acceptsADomainLabelOfSixtyThreeCharactersAndRejectsSixtyFour() {
        String ok = "siti@" + "a".repeat(63) + ".com";
        String tooLong = "siti@" + "a".repeat(64) + ".com";

        assertThat(Email.parse(ok).value()).isEqualTo(ok);
        assertRejected(tooLong, "email", () -> Email.parse(tooLong));
    }

    @Test
    void theConstructorRejectsNull() {
        assertRejected(null, "email", () -> new Email(null));
    }

    @Test
    void toStringNeverShowsTheAddress() {
        String shown = Email.parse("siti.lestari@example.co.id").toString();

        assertThat(shown).doesNotContain("siti").doesNotContain("example").doesNotContain("@");
    }

    @Test
    void addressesThatDifferOnlyInTheCaseOfTheDomainAreEqualOnceParsed() {
        assertThat(Email.parse("siti@EXAMPLE.com")).isEqualTo(Email.parse("siti@example.COM"));
    }
}
