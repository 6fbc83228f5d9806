package dev.onekycbridge.core.submission;

import dev.onekycbridge.core.document.DocumentKind;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** Where the platform wants one document uploaded, and until when the URL is valid. */
public record UploadTarget(DocumentKind kind, String reference, URI url, Instant expiresAt) {
    public UploadTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "UploadTarget[" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
