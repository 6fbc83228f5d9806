package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentSource;
import java.net.URI;

/** Uploads a document to a presigned URL, streaming it from its source. Uploading twice is harmless. */
public interface DocumentUploader {
    /**
     * @throws PlatformUnavailableException when the upload may succeed later
     * @throws PlatformRejectedException when the storage refused it for another reason
     * @throws UnreadableDocumentException when the source cannot be read as inspected (its stream threw an
     *     {@code IOException}, or it yielded another size); a source failing with an unchecked exception (a store
     *     that is briefly unavailable) passes that exception on
     */
    UploadOutcome upload(URI presignedUrl, DocumentFacts facts, DocumentSource source);
}
