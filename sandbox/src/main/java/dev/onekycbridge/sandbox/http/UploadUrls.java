package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.objects.Links;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** The presigned-URL answer shared by Esign and COE: {@code submissionId, status, documents{TYPE:{…}}}. */
final class UploadUrls {

    private UploadUrls() {
    }

    /** With URLs valid up to {@code expiry}, the one the submission keeps, for {@code ttlSeconds} as stated. */
    static JsonObject json(String submissionId, String status, Map<DocumentType, String> references, Links links,
            long ttlSeconds, Instant expiry) {
        JsonObject documents = new JsonObject();
        references.forEach((type, reference) -> documents.put(type.name(), new JsonObject()
                .put("documentUrl", links.presigned("PUT", submissionId, type, expiry))
                .put("documentReference", reference)
                .put("expiryInSeconds", String.valueOf(ttlSeconds))));
        return new JsonObject()
                .put("submissionId", submissionId)
                .put("status", status)
                .put("documents", documents);
    }
}
