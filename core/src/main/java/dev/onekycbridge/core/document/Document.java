package dev.onekycbridge.core.document;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One document of a submission: what we know of the image, and once the platform has issued it, the presigned
 * URL to upload it to, its reference and expiry.
 */
public record Document(DocumentFacts facts, String reference, URI uploadUrl, Instant uploadUrlExpiresAt,
                       UploadState state) {
    public Document {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(state, "state");
    }

    public static Document staged(DocumentFacts facts) {
        return new Document(facts, null, null, null, UploadState.PENDING);
    }

    public DocumentKind kind() {
        return facts.kind();
    }

    public Document withUploadUrl(String reference, URI url, Instant expiresAt) {
        return new Document(facts, reference, url, expiresAt, UploadState.PENDING);
    }

    /** The same document without its presigned URL and expiry, e.g. after personal data is purged. */
    public Document withoutUploadUrl() {
        return new Document(facts, reference, null, null, state);
    }

    public Document uploaded() {
        return new Document(facts, reference, uploadUrl, uploadUrlExpiresAt, UploadState.UPLOADED);
    }

    public boolean isUploaded() {
        return state == UploadState.UPLOADED;
    }

    public boolean urlExpiredAt(Instant now) {
        return uploadUrlExpiresAt != null && !now.isBefore(uploadUrlExpiresAt);
    }

    /** The presigned URL carries a signature: it is a secret of sorts and stays out of logs. */
    @Override
    public String toString() {
        return "Document[" + facts + ", state=" + state + "]";
    }
}
