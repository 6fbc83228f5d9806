package dev.onekycbridge.core.callback;

/** The result of storing a received callback: its entry id, and whether the same body had arrived before. */
public record InboxAppend(long entryId, boolean duplicate) {
}
