package dev.onekycbridge.benchmarks;

import java.util.UUID;

/**
 * Result messages shaped as the platform's pages show them (onekyc-api.md §3.5 and §7.3): what the decoder and
 * the callback receivers see in production.
 */
public final class Payloads {
    /** A CERT_REG callback, COMPLETED + VALID, as the integration guide's step 6 shows it. */
    public static final String CERT_REG_COMPLETED_VALID = """
            {
              "submissionId": "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c",
              "userId": "user-12345",
              "userIdType": "CLIENT_X_USER_ID",
              "partnerSessionId": "session-abc-001",
              "status": "COMPLETED",
              "result": "VALID",
              "processedAt": "2026-05-08T10:30:00Z",
              "submissionDetails": {
                "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"},
                "registrationId": "6dab7f08-0dcb-4852-8459-59cb7c25f4dc",
                "eligibleToActivate": false,
                "onboardingCode": "NEW_USER",
                "shouldSkipActivation": true
              }
            }
            """;

    /** An SIV callback with the KTP data and certificate registration (SIV integration guide). */
    public static final String SIV_COMPLETED = """
            {
                "submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e",
                "flow": "STANDALONE_IDENTITY_VERIFICATION",
                "userId": "421453511adsasdl",
                "userIdType": "MY_USER_ID",
                "partnerSessionId": "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11",
                "status": "COMPLETED",
                "result": "VALID",
                "processedAt": "2026-05-08T10:30:00Z",
                "submissionDetails": {
                    "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"},
                    "ktpData": {
                        "nik": "3208201808850001",
                        "name": "JOHN DOE",
                        "region": "SEMARANG",
                        "dateOfBirth": "18-02-1960",
                        "bloodType": "-",
                        "religion": "KRISTEN",
                        "province": "JAWA TIMUR",
                        "city": "KOTA SURABAYA",
                        "address": "SEMARANG SELATAN",
                        "district": "WAYANG",
                        "town": "BUBUTAN",
                        "gender": "male",
                        "rt": "008",
                        "rw": "020",
                        "occupation": "PELAJAR/MAHASISWA",
                        "validUntil": "",
                        "citizenship": "INDONESIA",
                        "maritalStatus": "BELUM KAWIN",
                        "issuanceDate": "28-12-2017"
                    },
                    "certificateRegistration": {
                        "registrationId": "0b0e2f7c-1111-4a4a-9c9c-123456789abc",
                        "eligibleToActivate": true,
                        "onboardingCode": "NEW_USER",
                        "shouldSkipActivation": true
                    },
                    "imageUrls": {
                        "KTP": "https://sample-image.com/ktp.jpg",
                        "SELFIE": "https://sample-image.com/selfie.jpg",
                        "ADDITIONAL_SELFIE": "https://sample-image.com/additional-selfie.jpg"
                    }
                }
            }
            """;

    private static final String CERT_REG_TEMPLATE = "{\"submissionId\":\"%s\",\"userId\":\"user-%s\","
            + "\"userIdType\":\"CLIENT_X_USER_ID\",\"partnerSessionId\":\"%s\",\"status\":\"COMPLETED\","
            + "\"result\":\"VALID\",\"processedAt\":\"2026-05-08T10:30:00Z\",\"submissionDetails\":{"
            + "\"verificationResult\":{\"nik\":\"PASS\",\"name\":\"PASS\",\"dateOfBirth\":\"PASS\",\"selfie\":\"PASS\"},"
            + "\"registrationId\":\"6dab7f08-0dcb-4852-8459-59cb7c25f4dc\",\"eligibleToActivate\":false,"
            + "\"onboardingCode\":\"NEW_USER\",\"shouldSkipActivation\":true}}";

    private Payloads() {
    }

    /**
     * A CERT_REG COMPLETED + VALID callback about a submission nobody has sent before: the same body as
     * {@code bench/callback.lua} sends, so the paced run and wrk exercise the same path.
     */
    public static String uniqueCertRegCallback() {
        String submissionId = UUID.randomUUID().toString();
        return String.format(CERT_REG_TEMPLATE, submissionId, submissionId.substring(0, 8),
                UUID.randomUUID());
    }
}
