package dev.onekycbridge.core.document;

/** The images a flow sends: the KTP photo, and for certificate registration a selfie. */
public enum DocumentKind {
    KTP,
    SELFIE
}
