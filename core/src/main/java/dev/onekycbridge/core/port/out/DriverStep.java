package dev.onekycbridge.core.port.out;

/** The kinds of step the driver takes, for metrics. */
public enum DriverStep {
    REQUEST_UPLOAD_URLS,
    LAUNCH,
    UPLOAD,
    CONFIRM,
    POLL
}
