package dev.onekycbridge.core.document;

/**
 * Size bounds for an image. The platform publishes none; these keep out empty files and thumbnails that
 * could never pass verification, and files too large to upload reliably.
 */
public record DocumentLimits(long minBytes, long maxBytes) {
    public static final DocumentLimits DEFAULT = new DocumentLimits(1024, 10L * 1024 * 1024);

    public DocumentLimits {
        if (minBytes < 1 || maxBytes < minBytes) {
            throw new IllegalArgumentException("need 1 <= minBytes <= maxBytes");
        }
    }
}
