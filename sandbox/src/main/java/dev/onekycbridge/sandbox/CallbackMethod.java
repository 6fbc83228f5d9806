package dev.onekycbridge.sandbox;

/** The HTTP methods the platform may be configured to call back with. */
public enum CallbackMethod {
    POST,
    PUT,
    PATCH
}
