package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentTextTest {
    private static final String HTTPS_ONLY = "must be an absolute https URL";

    @ParameterizedTest
    @ValueSource(strings = {"https://partner.example/terms/en", "https://partner.example", "HTTPS://partner.example/t",
            "https://partner.example:8443/terms?v=2#top", "https://203.0.113.7/terms"})
    void acceptsAbsoluteHttpsUrls(String url) {
        assertThat(ConsentText.of(url, "I agree to the terms").url()).isEqualTo(URI.create(url));
    }

    @Test
    void stripsWhitespaceAroundTheUrl() {
        assertThat(ConsentText.of("  https://partner.example/terms  ", "I agree").url())
                .isEqualTo(URI.create("https://partner.example/terms"));
    }

    @Test
    void readsTheUrlWithSpacesOfAnyKindAroundItDroppedAndKeepsTheWordingAsSent() {
        String wording = "Saya setuju:\n\n1. Data saya\u00A0diproses.\n2. Sertifikat diterbitkan.\n";
        ConsentText text = ConsentText.of("\u00A0https://partner.example/terms\u200B", wording);

        assertThat(text.url()).isEqualTo(URI.create("https://partner.example/terms"));
        // What the user was shown, paragraphs and all, and what an earlier build fingerprinted.
        assertThat(text.text()).isEqualTo(wording);
    }

    @Test
    void aWordingOfNothingVisibleIsMissing() {
        String wording = "\u200B\u00A0\n";
        assertRejected(wording, "text", () -> ConsentText.of("https://partner.example/terms", wording));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://partner.example/terms", "ftp://partner.example/terms", "/terms",
            "partner.example/terms", "https:///terms", "https:terms", "javascript:alert(1)", "file:///etc/passwd",
            "https://partner example/terms", "https://partner.example/te rms", "mailto:legal@partner.example"})
    void rejectsAnythingButAnAbsoluteHttpsUrl(String url) {
        var rejection = assertRejected(url, "url", () -> ConsentText.of(url, "I agree"));
        assertThat(rejection.reason()).isEqualTo(HTTPS_ONLY);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\u00A0\u200B"})
    void requiresAUrl(String url) {
        var rejection = assertRejected(url, "url", () -> ConsentText.of(url, "I agree"));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void theConstructorRejectsAMissingOrPlainHttpUrl() {
        assertRejected(null, "url", () -> new ConsentText(null, "I agree"));
        assertRejected("http://partner.example/terms", "url",
                () -> new ConsentText(URI.create("http://partner.example/terms"), "I agree"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" \n ", "\u200B", "\u202F\uFEFF"})
    void requiresAText(String text) {
        var rejection = assertRejected(text, "text", () -> ConsentText.of("https://partner.example/terms", text));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void acceptsTenThousandCharactersOfTextAndRejectsMore() {
        assertThat(ConsentText.of("https://partner.example/terms", "t".repeat(10_000)).text()).hasSize(10_000);

        String tooLong = "t".repeat(10_001);
        var rejection = assertRejected(tooLong, "text", () -> ConsentText.of("https://partner.example/terms", tooLong));
        assertThat(rejection.reason()).isEqualTo("must be at most 10000 characters");
    }
}
