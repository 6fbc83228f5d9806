package dev.onekycbridge.core.port.out;

/**
 * A document's source failed while it was read for an upload, or yielded another size than was inspected: a
 * staged image that is damaged or cut off. Nothing can be sent that the platform would take for the inspected
 * document, so trying again does not help. The message names the call, never the document's content.
 */
public final class UnreadableDocumentException extends RuntimeException {
    public UnreadableDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
