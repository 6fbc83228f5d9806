package dev.onekycbridge.core.document;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads an image once, streaming: recognises its type, checks its size, and hashes it. */
public final class DocumentInspector {
    private final DocumentLimits limits;

    public DocumentInspector(DocumentLimits limits) {
        this.limits = limits;
    }

    /**
     * @throws InvalidValueException when the bytes are not a JPEG or PNG image or break the size bounds; the
     *     field is the document kind in lower case
     */
    public DocumentFacts inspect(DocumentKind kind, DocumentSource source) {
        String field = kind.name().toLowerCase(java.util.Locale.ROOT);
        MessageDigest digest = sha256();
        byte[] head = new byte[ImageType.SIGNATURE_LENGTH];
        int headLength = 0;
        long size = 0;
        try (InputStream in = source.open()) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (headLength < head.length) {
                    int take = Math.min(read, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                size += read;
                if (size > limits.maxBytes()) {
                    throw new InvalidValueException(field, "must be at most " + limits.maxBytes() + " bytes");
                }
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the " + field + " image", e);
        }
        if (size == 0) {
            throw new InvalidValueException(field, "is empty");
        }
        ImageType type = ImageType.detect(head, headLength)
                .orElseThrow(() -> new InvalidValueException(field, "must be a JPEG or PNG image"));
        if (size < limits.minBytes()) {
            throw new InvalidValueException(field, "must be at least " + limits.minBytes() + " bytes");
        }
        return new DocumentFacts(kind, type, size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
