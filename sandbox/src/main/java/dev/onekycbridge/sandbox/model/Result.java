package dev.onekycbridge.sandbox.model;

/** The platform's result values; REJECTED is the newer SIV form. */
public enum Result {
    VALID,
    INVALID,
    REJECTED
}
