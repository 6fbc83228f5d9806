package dev.onekycbridge.core.port.out;

/** What the storage said to an upload. */
public enum UploadOutcome {
    /** 200 or 204: the storage has the document. */
    UPLOADED,
    /** 403: the presigned URL expired or its signature is no longer accepted. */
    URL_EXPIRED
}
