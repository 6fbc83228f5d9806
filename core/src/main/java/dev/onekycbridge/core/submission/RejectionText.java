package dev.onekycbridge.core.submission;

/**
 * What the platform suggests telling the user about a rejection, in one language: a title and a message, for
 * example "Verification rejected" and "ID submitted is not eKTP". Either may be absent.
 */
public record RejectionText(String title, String message) {
}
