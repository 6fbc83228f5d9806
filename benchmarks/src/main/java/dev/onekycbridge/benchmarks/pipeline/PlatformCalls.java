package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The reference side of the registration pipeline: the platform calls of one CERT_REG registration made directly
 * with {@code java.net.http}, nothing stored anywhere and no partner API in front (the baseline with one is
 * {@link StatelessRelay}). Partner token (once, then reused as any client would), presigned URLs, a PUT of each
 * image to its URL, and the confirm with the user's details and consent — the requests the bridge's driver makes,
 * with the same headers and body fields (onekyc-api.md §3).
 */
public final class PlatformCalls {
    static final String TOKEN_PATH = "/v1/esign/partner/authentication";
    static final String URLS_PATH = "/esign-partner/v1/submissions/urls";

    private final String baseUrl;
    private final String clientId;
    private final String passKey;
    private final String onboardingPartner;
    private final HttpClient http;
    private volatile String token;

    public PlatformCalls(String baseUrl, String clientId, String passKey, String onboardingPartner) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.passKey = passKey;
        this.onboardingPartner = onboardingPartner;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Fetches the partner token; {@link #register} reuses it. */
    public void authenticate() {
        JsonObject data = data(send(HttpRequest.newBuilder(URI.create(baseUrl + TOKEN_PATH))
                .header("client-id", clientId).header("pass-key", passKey).GET(), "token"), "token");
        token = data.getString("token");
    }

    /** The four calls of one registration; returns the platform's submission id once the confirm is accepted. */
    public String register(String userId, byte[] ktp, byte[] selfie) {
        if (token == null) {
            authenticate();
        }
        JsonObject urls = data(send(esign(URI.create(baseUrl + URLS_PATH + "?submissionType=CERT_REG"), userId)
                .GET(), "presigned URLs"), "presigned URLs");
        String submissionId = urls.getString("submissionId");
        JsonObject documents = urls.getJsonObject("documents");
        upload(documents.getJsonObject("KTP").getString("documentUrl"), "image/jpeg", ktp);
        upload(documents.getJsonObject("SELFIE").getString("documentUrl"), "image/png", selfie);
        send(esign(URI.create(baseUrl + URLS_PATH), userId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(confirmBody(submissionId).encode())), "confirm");
        return submissionId;
    }

    private void upload(String url, String contentType, byte[] image) {
        send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)), "upload");
    }

    private HttpRequest.Builder esign(URI uri, String userId) {
        return HttpRequest.newBuilder(uri)
                .header("x-onekyc-token", token)
                .header("x-esign-onboarding-partner", onboardingPartner)
                .header("x-partner-user-id", userId)
                .header("x-partner-user-id-type", TestData.PARTNER_USER_ID_TYPE)
                .header("x-partner-session-id", UUID.randomUUID().toString());
    }

    static JsonObject confirmBody(String submissionId) {
        JsonObject verification = new JsonObject()
                .put("email", new JsonObject().put("isVerified", true).put("verificationReferenceId", "ev-1"))
                .put("phoneNumber", new JsonObject().put("isVerified", true).put("verificationReferenceId", "pv-1"));
        JsonObject user = new JsonObject().put("name", TestData.NAME).put("nik", Long.parseLong(TestData.NIK))
                .put("dateOfBirth", TestData.DATE_OF_BIRTH).put("email", TestData.EMAIL)
                .put("phoneNumber", TestData.PHONE).put("dataVerification", verification);
        JsonObject consent = new JsonObject().put("entity", "Digi").put("consentType", "termsAndConditions")
                .put("consentGiven", true)
                .put("details", new JsonObject().put("en_ID", new JsonObject()
                        .put("url", "https://partner.example/terms/en").put("text", "I agree to the terms")))
                .put("timeStamp", Instant.now().minusSeconds(60).toEpochMilli())
                .put("additionalDetails", new JsonObject().put("userAgent", "Mozilla/5.0 (Linux; Android 14)")
                        .put("userIp", "203.0.113.7"));
        return new JsonObject().put("submissionId", submissionId).put("metadata", new JsonObject()
                .put("userDetails", user).put("userLocale", "en_ID")
                .put("consentData", new JsonArray().add(consent)).put("additionalData", new JsonObject()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static JsonObject data(HttpResponse<String> response, String what) {
        JsonObject data = new JsonObject(response.body()).getJsonObject("data");
        if (data == null) {
            throw new IllegalStateException(what + " answered without data: " + response.body());
        }
        return data;
    }
}
