package dev.onekycbridge.sandbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.SandboxConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The partner's side of the platform conversation, written from the published API for these tests only: plain
 * HTTP with the documented headers and bodies.
 */
public final class Platform {

    public static final String USER_ID_TYPE = "TEST_USER_ID";
    public static final String CLIENT_ID = SandboxConfig.DEFAULT_CLIENT_ID;
    public static final String PASS_KEY = SandboxConfig.DEFAULT_PASS_KEY;

    private final Http http;

    public Platform(Http http) {
        this.http = http;
    }

    public Http http() {
        return http;
    }

    // --- tokens

    public String esignToken() {
        Reply reply = http.get("/v1/esign/partner/authentication", "client-id", CLIENT_ID, "pass-key", PASS_KEY);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data().getString("token");
    }

    public String coePartnerToken() {
        Reply reply = http.get("/v1/coe/partner/authentication", "client-id", CLIENT_ID, "pass-key", PASS_KEY);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data().getString("token");
    }

    public String coeUserToken(String userId) {
        Reply reply = http.get("/v2/coe/authentication", "client-id", CLIENT_ID, "pass-key", PASS_KEY,
                "x-onboarding-partner", SandboxConfig.KTP_SCAN_PARTNER, "x-partner-user-id", userId,
                "x-partner-user-id-type", USER_ID_TYPE);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data().getString("token");
    }

    // --- Esign CERT_REG

    public static String[] esignHeaders(String token, String userId, String sessionId) {
        return new String[] {"x-onekyc-token", token, "x-esign-onboarding-partner", SandboxConfig.CERT_REG_PARTNER,
            "x-partner-user-id", userId, "x-partner-user-id-type", USER_ID_TYPE, "x-partner-session-id", sessionId};
    }

    public Reply certRegUrls(String token, String userId) {
        return http.get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG",
                esignHeaders(token, userId, session()));
    }

    public Reply confirm(String token, String userId, String sessionId, JsonObject body) {
        return http.putJson("/esign-partner/v1/submissions/urls", body, esignHeaders(token, userId, sessionId));
    }

    public Reply esignDetails(String token, String userId) {
        return http.get("/esign-partner/v1/submissions", "x-onekyc-token", token, "x-partner-user-id", userId,
                "x-partner-user-id-type", USER_ID_TYPE, "x-partner-session-id", session());
    }

    /** Uploads a JPEG to every presigned URL of a presigned-URL answer. */
    public void uploadAll(JsonObject urlsData) {
        JsonObject documents = urlsData.getJsonObject("documents");
        for (String type : documents.fieldNames()) {
            Reply upload = http.putBytes(documents.getJsonObject(type).getString("documentUrl"), Images.JPEG,
                    "image/jpeg");
            assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        }
    }

    /** Token, presigned URLs, both uploads and confirm; answers the submission id. */
    public String startCertReg(String userId) {
        String token = esignToken();
        Reply urls = certRegUrls(token, userId);
        assertThat(urls.status()).as(urls.body()).isEqualTo(200);
        String submissionId = urls.data().getString("submissionId");
        uploadAll(urls.data());
        Reply confirmed = confirm(token, userId, session(), confirmBody(submissionId));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return submissionId;
    }

    /** Polls Esign Get Submission Details until the status is reached. */
    public JsonObject awaitEsignStatus(String userId, String status) {
        String token = esignToken();
        return Eventually.await(() -> esignDetails(token, userId).data(),
                data -> data != null && status.equals(data.getString("status")));
    }

    /** A complete, valid confirm body as in the integration guide. */
    public static JsonObject confirmBody(String submissionId) {
        return new JsonObject()
                .put("submissionId", submissionId)
                .put("metadata", new JsonObject()
                        .put("userDetails", userDetails())
                        .put("userLocale", "en_ID")
                        .put("consentData", new JsonArray().add(consent(System.currentTimeMillis())))
                        .put("additionalData", new JsonObject()));
    }

    public static JsonObject userDetails() {
        return new JsonObject()
                .put("name", "John Doe")
                .put("nik", 3187888902845410L)
                .put("dateOfBirth", "07-03-1980")
                .put("email", "john.doe@example.com")
                .put("phoneNumber", "62888675678910")
                .put("dataVerification", new JsonObject()
                        .put("email", new JsonObject().put("isVerified", true)
                                .put("verificationReferenceId", "5fb51cca-6d64-49bb-a67a-f3ceaad1a913"))
                        .put("phoneNumber", new JsonObject().put("isVerified", true)
                                .put("verificationReferenceId", "5fb51cca-6d64-49bb-a67a-f3ceaad1a914")));
    }

    public static JsonObject consent(long timeStamp) {
        JsonObject text = new JsonObject().put("url", "https://www.digi.com/termsAndConditions?version=v1.0.0")
                .put("text", "terms and conditions");
        return new JsonObject()
                .put("entity", "Digi")
                .put("consentType", "termsAndConditions")
                .put("consentGiven", true)
                .put("details", new JsonObject().put("en_ID", text).put("id_ID", text.copy()))
                .put("timeStamp", timeStamp)
                .put("additionalDetails", new JsonObject()
                        .put("userAgent", "Mozilla/5.0 (X11; Linux x86_64)")
                        .put("userIp", "172.217.22.14"));
    }

    // --- SIV

    public static String[] sivHeaders(String token, String userId, String sessionId) {
        return new String[] {"x-onekyc-token", token, "x-esign-onboarding-partner", SandboxConfig.SIV_PARTNER,
            "x-partner-user-id", userId, "x-partner-user-id-type", USER_ID_TYPE, "x-partner-session-id", sessionId};
    }

    public Reply initiateFlow(String token, String userId, String sessionId, JsonObject body) {
        return http.postJson("/esign-partner/v1/initiate-flow", body, sivHeaders(token, userId, sessionId));
    }

    /** An SDK initiate-flow body with a verified phone, as in the SIV guide. */
    public static JsonObject sivBody(String source) {
        return new JsonObject()
                .put("flow", "STANDALONE_IDENTITY_VERIFICATION")
                .put("source", source)
                .put("successRedirectionUrl", "http://partner.example/success-page")
                .put("failureRedirectionUrl", "http://partner.example/failure-page")
                .put("additionalDetails", new JsonObject()
                        .put("phoneNumber", "628188888889")
                        .put("dataVerification", new JsonObject().put("phoneNumber", new JsonObject()
                                .put("isVerified", true)
                                .put("verificationReferenceId", "string-referencing-to-phonenumber-verification")))
                        .put("userLocale", "id_ID"));
    }

    // --- COE

    public static String[] coeUserHeaders(String userToken, String sessionId) {
        return new String[] {"x-onekyc-token", userToken, "x-partner-session-id", sessionId,
            "x-sdk-session-id", "sdk-" + sessionId};
    }

    public Reply coeUrls(String userToken, String sessionId) {
        return http.get("/coe/v1/submissions/urls?submissionType=KTP_SCAN", coeUserHeaders(userToken, sessionId));
    }

    public Reply coeConfirm(String userToken, String sessionId, String submissionId) {
        return http.putJson("/coe/v1/submissions/urls", new JsonObject().put("submissionId", submissionId)
                .put("metadata", new JsonObject()), coeUserHeaders(userToken, sessionId));
    }

    public Reply coeStatus(String userToken, String submissionId) {
        return http.get("/coe/v1/submissions/" + submissionId + "/status", coeUserHeaders(userToken, session()));
    }

    /** COE Get Submission Details for the partner user, looked up by the given id headers. */
    public Reply coeDetails(String partnerToken, String userId, String... idHeaders) {
        List<String> headers = new ArrayList<>(List.of("x-onekyc-token", partnerToken, "x-partner-user-id", userId,
                "x-partner-user-id-type", USER_ID_TYPE));
        headers.addAll(List.of(idHeaders));
        return http.get("/coe/v1/submissions", headers.toArray(String[]::new));
    }

    /** User token, presigned URL, upload and confirm; answers the submission id. */
    public String startKtpScan(String userId) {
        return startKtpScanWith(coeUserToken(userId));
    }

    /** Presigned URL, upload and confirm with the given user token; answers the submission id. */
    public String startKtpScanWith(String token) {
        String sessionId = session();
        Reply urls = coeUrls(token, sessionId);
        assertThat(urls.status()).as(urls.body()).isEqualTo(200);
        String submissionId = urls.data().getString("submissionId");
        uploadAll(urls.data());
        Reply confirmed = coeConfirm(token, sessionId, submissionId);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return submissionId;
    }

    // --- control

    public JsonObject submission(String submissionId) {
        return http.get("/_sandbox/submissions/" + submissionId).json();
    }

    public Reply configure(JsonObject patch) {
        Reply reply = http.putJson("/_sandbox/config", patch);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    public static String session() {
        return UUID.randomUUID().toString();
    }

    public static String user(String scenario) {
        return "user-" + UUID.randomUUID() + (scenario == null ? "" : "__" + scenario);
    }
}
