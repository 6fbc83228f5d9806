package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentSource;
import java.net.URI;

/** Uploads a document to a presigned URL, streaming it from its source. Uploading twice is harmless. */
public interface DocumentUploader {
    /**
     * @throws PlatformUnavailableException when the upload may succeed later
     * @throws PlatformRejectedException when the storage refused it for another reason
     */
    UploadOutcome upload(URI presignedUrl, DocumentFacts facts, DocumentSource source);
}
