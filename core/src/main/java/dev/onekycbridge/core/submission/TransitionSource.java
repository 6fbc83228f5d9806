package dev.onekycbridge.core.submission;

/** Who or what caused a change to a submission. */
public enum TransitionSource {
    API,
    CALLBACK,
    POLL,
    DRIVER,
    OPERATOR
}
