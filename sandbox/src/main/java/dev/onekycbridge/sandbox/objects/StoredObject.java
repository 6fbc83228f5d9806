package dev.onekycbridge.sandbox.objects;

import java.time.Instant;

/**
 * What the object store knows about one uploaded document.
 *
 * @param size                bytes
 * @param contentType         the type detected from the bytes
 * @param declaredContentType the Content-Type the uploader sent, may be null
 * @param sha256              hex digest of the bytes
 * @param uploadedAt          time of the latest upload
 * @param uploadCount         uploads so far (re-uploads replace the bytes)
 */
public record StoredObject(long size, String contentType, String declaredContentType, String sha256,
        Instant uploadedAt, int uploadCount) {
}
