package dev.onekycbridge.core.submission;

/** Where the user runs an identity verification: the native SDK (a token) or the web SDK (a launch URL). */
public enum LaunchSource {
    SDK,
    WEB_SDK
}
