package dev.onekycbridge.core.document;

import java.util.Objects;

/** What inspecting an image established: its type, size and SHA-256 (hex). */
public record DocumentFacts(DocumentKind kind, ImageType type, long sizeBytes, String sha256) {
    public DocumentFacts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sha256, "sha256");
    }
}
