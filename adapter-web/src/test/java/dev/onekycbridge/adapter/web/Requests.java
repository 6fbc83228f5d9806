package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Valid partner API requests built from the core's sample data; tests change one thing at a time. */
final class Requests {
    static final byte[] KTP_JPEG = TestData.jpeg(4096);
    static final byte[] SELFIE_PNG = TestData.png(4096);

    private Requests() {
    }

    static JsonObject registrationDetails() {
        return registrationDetails(TestData.PARTNER_USER_ID);
    }

    static JsonObject registrationDetails(String partnerUserId) {
        return new JsonObject()
                .put("partnerUserId", partnerUserId)
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE)
                .put("userDetails", new JsonObject()
                        .put("name", TestData.NAME)
                        .put("nik", TestData.NIK)
                        .put("dateOfBirth", TestData.DATE_OF_BIRTH)
                        .put("email", TestData.EMAIL)
                        .put("phoneNumber", TestData.PHONE)
                        .put("dataVerification", new JsonObject()
                                .put("email", verified("email-ver-1"))
                                .put("phoneNumber", verified("phone-ver-1"))))
                .put("userLocale", "en_ID")
                .put("consentData", new JsonArray().add(new JsonObject()
                        .put("entity", "Digi")
                        .put("consentType", "termsAndConditions")
                        .put("consentGiven", true)
                        .put("details", new JsonObject()
                                .put("en_ID", new JsonObject().put("url", "https://partner.example/terms/en")
                                        .put("text", "I agree to the terms"))
                                .put("id_ID", new JsonObject().put("url", "https://partner.example/terms/id")
                                        .put("text", "Saya setuju dengan syarat dan ketentuan")))
                        .put("timeStamp", TestData.CONSENT_AT.toEpochMilli())
                        .put("additionalDetails", new JsonObject()
                                .put("userAgent", "Mozilla/5.0 (Linux; Android 14)")
                                .put("userIp", "203.0.113.7")
                                .put("deviceDetails", new JsonObject().put("os", "Android").put("make", "Acme")))))
                .put("additionalData", new JsonObject().put("channel", "app"));
    }

    static Multipart registration(JsonObject details) {
        return new Multipart()
                .text("details", details.encode())
                .file("ktp", "ktp.jpg", "image/jpeg", KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", SELFIE_PNG);
    }

    static Multipart registration() {
        return registration(registrationDetails());
    }

    static Multipart ktpScan(String partnerUserId) {
        return new Multipart()
                .text("details", new JsonObject().put("partnerUserId", partnerUserId)
                        .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("ktp", "ktp.jpg", "image/jpeg", KTP_JPEG);
    }

    static JsonObject identityVerification(String partnerUserId) {
        return new JsonObject()
                .put("partnerUserId", partnerUserId)
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE)
                .put("email", TestData.EMAIL)
                .put("phoneNumber", TestData.PHONE)
                .put("dataVerification", new JsonObject()
                        .put("email", verified("email-ver-1"))
                        .put("phoneNumber", verified("phone-ver-1")))
                .put("source", "WEB_SDK")
                .put("successRedirectionUrl", "https://partner.example/siv/success")
                .put("failureRedirectionUrl", "https://partner.example/siv/failure")
                .put("userLocale", "id_ID");
    }

    private static JsonObject verified(String reference) {
        return new JsonObject().put("isVerified", true).put("verificationReferenceId", reference);
    }
}
