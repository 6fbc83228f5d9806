package dev.onekycbridge.sandbox.json;

import io.vertx.core.json.JsonObject;

/** The user-facing rejection texts SIV examples carry next to a rejected result. */
final class RejectionTexts {

    private RejectionTexts() {
    }

    static JsonObject forReason(String reasonCode) {
        String english;
        String indonesian;
        switch (reasonCode == null ? "" : reasonCode) {
            case "NOT_EKTP" -> {
                english = "ID submitted is not eKTP";
                indonesian = "KTP yang dikirim bukan eKTP";
            }
            case "LIVENESS_CHECK_FAILED" -> {
                english = "Selfie could not be verified";
                indonesian = "Swafoto tidak dapat diverifikasi";
            }
            case "DUKCAPIL_REJECTED" -> {
                english = "Data does not match population records";
                indonesian = "Data tidak sesuai dengan data kependudukan";
            }
            default -> {
                english = "Your identity could not be verified";
                indonesian = "Identitas Anda tidak dapat diverifikasi";
            }
        }
        return new JsonObject()
                .put("en_ID", new JsonObject().put("title", "Verification rejected").put("message", english))
                .put("id_ID", new JsonObject().put("title", "Verifikasi ditolak").put("message", indonesian));
    }
}
