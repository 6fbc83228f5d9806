package dev.onekycbridge.sandbox.callback;

/**
 * A callback body and the values it reports, kept as sent.
 *
 * @param status     status in the body
 * @param result     result in the body, may be null
 * @param reasonCode reasonCode in the body, may be null
 * @param body       the JSON text sent
 */
public record CallbackMessage(String status, String result, String reasonCode, String body) {

    /** A PARTIALLY_COMPLETED report, the one the reorder fault holds back. */
    public boolean isInterim() {
        return "PARTIALLY_COMPLETED".equals(status);
    }
}
