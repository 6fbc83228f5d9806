package dev.onekycbridge.app;

import dev.onekycbridge.core.document.DocumentKind;

/** Hears how far an upload to the platform's storage has got; called from the uploading thread. */
@FunctionalInterface
public interface UploadProgress {
    void uploaded(DocumentKind kind, long bytesSent, long totalBytes);
}
