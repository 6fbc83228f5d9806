package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.objects.Links;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The presigned-URL answer shared by Esign and COE: {@code submissionId, status, documents{TYPE:{…}}}. */
final class UploadUrls {

    private UploadUrls() {
    }

    static JsonObject json(String submissionId, String status, Map<DocumentType, String> references, Links links,
            long ttlSeconds) {
        JsonObject documents = new JsonObject();
        references.forEach((type, reference) -> documents.put(type.name(), new JsonObject()
                .put("documentUrl", links.presigned("PUT", submissionId, type, ttlSeconds))
                .put("documentReference", reference)
                .put("expiryInSeconds", String.valueOf(ttlSeconds))));
        return new JsonObject()
                .put("submissionId", submissionId)
                .put("status", status)
                .put("documents", documents);
    }
}
