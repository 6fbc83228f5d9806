package dev.onekycbridge.benchmarks;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid registrations as the partner sends them: the core's command, and the multipart request of the API. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A JPEG-shaped image of exactly {@code size} bytes. */
    public static byte[] jpeg(int size) {
        return TestData.jpeg(size);
    }

    /** A PNG-shaped image of exactly {@code size} bytes. */
    public static byte[] png(int size) {
        return TestData.png(size);
    }

    /** A full certificate registration command: user details, verified contacts, one consent, two images. */
    public static StartCertificateRegistration registrationCommand(String userId, byte[] ktp, byte[] selfie) {
        return new StartCertificateRegistration(userId, TestData.PARTNER_USER_ID_TYPE,
                new UserDetailsForm(TestData.NAME, TestData.NIK, TestData.DATE_OF_BIRTH, TestData.EMAIL,
                        "0812-3456-7890", new DataVerificationForm(new VerificationForm(true, "ev-1"),
                        new VerificationForm(true, "pv-1"))),
                "en_ID",
                List.of(new ConsentForm("Digi", "termsAndConditions", true,
                        Map.of("en_ID", new ConsentTextForm("https://partner.example/terms/en", "I agree to the terms"),
                                "id_ID", new ConsentTextForm("https://partner.example/terms/id",
                                        "Saya setuju dengan syarat dan ketentuan")),
                        String.valueOf(Instant.now().minusSeconds(60).toEpochMilli()),
                        "Mozilla/5.0 (Linux; Android 14)", "203.0.113.7", null)),
                Map.of("channel", "app"), DocumentSource.ofBytes(ktp), DocumentSource.ofBytes(selfie), null);
    }

    /** The {@code details} part of {@code POST /v1/certificate-registrations}, for one partner user. */
    public static String registrationDetailsJson(String userId) {
        long consentAt = Instant.now().minusSeconds(60).toEpochMilli();
        return "{\"partnerUserId\":\"" + userId + "\",\"partnerUserIdType\":\"" + TestData.PARTNER_USER_ID_TYPE
                + "\",\"userDetails\":{\"name\":\"" + TestData.NAME + "\",\"nik\":\"" + TestData.NIK
                + "\",\"dateOfBirth\":\"" + TestData.DATE_OF_BIRTH + "\",\"email\":\"" + TestData.EMAIL
                + "\",\"phoneNumber\":\"" + TestData.PHONE + "\",\"dataVerification\":{"
                + "\"email\":{\"isVerified\":true,\"verificationReferenceId\":\"ev-1\"},"
                + "\"phoneNumber\":{\"isVerified\":true,\"verificationReferenceId\":\"pv-1\"}}},"
                + "\"userLocale\":\"en_ID\",\"consentData\":[{\"entity\":\"Digi\",\"consentType\":\"termsAndConditions\","
                + "\"consentGiven\":true,\"details\":{\"en_ID\":{\"url\":\"https://partner.example/terms/en\","
                + "\"text\":\"I agree to the terms\"}},\"timeStamp\":" + consentAt + ",\"additionalDetails\":{"
                + "\"userAgent\":\"Mozilla/5.0 (Linux; Android 14)\",\"userIp\":\"203.0.113.7\"}}],"
                + "\"additionalData\":{}}";
    }

    /** A multipart body: its content type (with the boundary) and its bytes. */
    public record Multipart(String contentType, byte[] body) {
    }

    /** The registration request: {@code details}, a JPEG {@code ktp} and a PNG {@code selfie}. */
    public static Multipart registrationRequest(String userId, byte[] ktp, byte[] selfie) {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(ktp.length + selfie.length + 4096);
        part(body, boundary, "details", null, "application/json",
                registrationDetailsJson(userId).getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "ktp", "ktp.jpg", "image/jpeg", ktp);
        part(body, boundary, "selfie", "selfie.png", "image/png", selfie);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName,
                             String type, byte[] bytes) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
