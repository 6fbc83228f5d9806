package dev.onekycbridge.core.document;

/** Where one document stands on its way to the platform's storage. */
public enum UploadState {
    /** Staged with us; no upload URL yet or not uploaded yet. */
    PENDING,
    /** The storage answered 200 or 204. */
    UPLOADED
}
