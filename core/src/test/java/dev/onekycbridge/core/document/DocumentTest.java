package dev.onekycbridge.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocumentTest {
    private static final String SHA = "a".repeat(64);
    private final DocumentFacts facts = new DocumentFacts(DocumentKind.KTP, ImageType.JPEG, 4096, SHA);
    private final URI url = URI.create("https://bucket.example/ktp?X-Amz-Signature=s3cr3t");
    private final Instant expiry = Instant.parse("2026-11-01T08:15:00Z");

    @Test
    void aStagedDocumentIsPendingWithoutAnUploadUrl() {
        var document = Document.staged(facts);

        assertThat(document.state()).isEqualTo(UploadState.PENDING);
        assertThat(document.isUploaded()).isFalse();
        assertThat(document.uploadUrl()).isNull();
        assertThat(document.reference()).isNull();
        assertThat(document.uploadUrlExpiresAt()).isNull();
        assertThat(document.kind()).isEqualTo(DocumentKind.KTP);
    }

    @Test
    void receivingAnUploadUrlKeepsItPending() {
        var document = Document.staged(facts).withUploadUrl("ref-ktp-1", url, expiry);

        assertThat(document.reference()).isEqualTo("ref-ktp-1");
        assertThat(document.uploadUrl()).isEqualTo(url);
        assertThat(document.uploadUrlExpiresAt()).isEqualTo(expiry);
        assertThat(document.state()).isEqualTo(UploadState.PENDING);
        assertThat(document.facts()).isEqualTo(facts);
    }

    @Test
    void anUploadKeepsTheUrlAndMarksItUploaded() {
        var document = Document.staged(facts).withUploadUrl("ref-ktp-1", url, expiry).uploaded();

        assertThat(document.isUploaded()).isTrue();
        assertThat(document.state()).isEqualTo(UploadState.UPLOADED);
        assertThat(document.reference()).isEqualTo("ref-ktp-1");
        assertThat(document.uploadUrl()).isEqualTo(url);
    }

    @Test
    void aNewUploadUrlMakesAnUploadedDocumentPendingAgain() {
        var document = Document.staged(facts).withUploadUrl("ref-1", url, expiry).uploaded()
                .withUploadUrl("ref-2", url, expiry.plusSeconds(900));

        assertThat(document.isUploaded()).isFalse();
        assertThat(document.reference()).isEqualTo("ref-2");
    }

    @Test
    void theUrlExpiresAtItsExpiryInstant() {
        var document = Document.staged(facts).withUploadUrl("ref-ktp-1", url, expiry);

        assertThat(document.urlExpiredAt(expiry.minusMillis(1))).isFalse();
        assertThat(document.urlExpiredAt(expiry)).isTrue();
        assertThat(document.urlExpiredAt(expiry.plusSeconds(1))).isTrue();
    }

    @Test
    void aDocumentWithoutAUrlNeverExpires() {
        assertThat(Document.staged(facts).urlExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void toStringLeavesOutTheSignedUrlAndTheReference() {
        String shown = Document.staged(facts).withUploadUrl("ref-ktp-1", url, expiry).toString();

        assertThat(shown).doesNotContain("s3cr3t").doesNotContain("bucket.example").doesNotContain("ref-ktp-1")
                .contains("KTP").contains("PENDING");
    }

    @Test
    void needsFactsAndAState() {
        assertThatNullPointerException().isThrownBy(() -> new Document(null, null, null, null, UploadState.PENDING));
        assertThatNullPointerException().isThrownBy(() -> new Document(facts, null, null, null, null));
    }

    @Test
    void factsNeedAKindATypeAndAHash() {
        assertThatNullPointerException().isThrownBy(() -> new DocumentFacts(null, ImageType.PNG, 1, SHA));
        assertThatNullPointerException().isThrownBy(() -> new DocumentFacts(DocumentKind.KTP, null, 1, SHA));
        assertThatNullPointerException().isThrownBy(() -> new DocumentFacts(DocumentKind.KTP, ImageType.PNG, 1, null));
    }
}
