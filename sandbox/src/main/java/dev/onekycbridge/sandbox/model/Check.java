package dev.onekycbridge.sandbox.model;

/** One field's verification outcome. */
public enum Check {
    PASS,
    FAIL
}
